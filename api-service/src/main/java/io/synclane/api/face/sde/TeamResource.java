package io.synclane.api.face.sde;

import io.synclane.api.config.ApiConfig;
import io.synclane.api.security.Caller;
import io.synclane.api.service.PageRequest;
import io.synclane.api.service.TeamService;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

@Path("/api/v2/teams")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = Tags.TEAMS)
@SecurityRequirement(name = Tags.SECURITY)
public class TeamResource {
    private final TeamService teams;
    private final SdeMapper mapper;
    private final Caller caller;
    private final ApiConfig config;

    public TeamResource(TeamService teams, SdeMapper mapper, Caller caller, ApiConfig config) {
        this.teams = teams;
        this.mapper = mapper;
        this.caller = caller;
        this.config = config;
    }

    @GET
    public ListPage<TeamView> list(@Parameter(schema = @Schema(type = SchemaType.INTEGER)) @RestQuery("page_size") String pageSize,
            @Parameter(schema = @Schema(type = SchemaType.INTEGER)) @RestQuery String page,
            @Context UriInfo uri) {
        PageRequest request = QueryValues.page(pageSize, page, config.maxPageSize());
        return mapper.page(teams.list(caller.actor(), request).map(mapper::team), uri);
    }

    @POST
    @ResponseStatus(201)
    @APIResponse(responseCode = "201", description = "Created",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TeamView.class)))
    public TeamView create(TeamBody body) {
        return mapper.team(teams.create(caller.actor(), TeamBody.input(body)));
    }

    @GET
    @Path("/{id: [0-9]+}")
    public TeamView get(@RestPath long id) {
        return mapper.team(teams.get(caller.actor(), id));
    }

    @PATCH
    @Path("/{id: [0-9]+}")
    public TeamView update(@RestPath long id, TeamBody body) {
        return mapper.team(teams.update(caller.actor(), id, TeamBody.changes(body)));
    }

    @DELETE
    @Path("/{id: [0-9]+}")
    @APIResponse(responseCode = "204", description = "Deleted")
    public void delete(@RestPath long id) {
        teams.delete(caller.actor(), id);
    }
}
