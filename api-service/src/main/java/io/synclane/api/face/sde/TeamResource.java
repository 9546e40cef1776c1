package io.synclane.api.face.sde;

import io.synclane.api.config.ApiConfig;
import io.synclane.api.security.Caller;
import io.synclane.api.service.PageRequest;
import io.synclane.api.service.TeamService;
import io.synclane.api.service.TeamService.TeamInput;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

@Path("/api/v2/teams")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Teams, users and tokens")
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
    public Map<String, Object> list(@RestQuery("page_size") Integer pageSize, @RestQuery Integer page,
            @Context UriInfo uri) {
        PageRequest request = PageRequest.of(pageSize, page, config.maxPageSize());
        return mapper.page(teams.list(caller.user(), request).map(mapper::team), uri);
    }

    @POST
    public Response create(TeamInput input) {
        return Response.status(Response.Status.CREATED).entity(mapper.team(teams.create(caller.user(), input)))
                .build();
    }

    @GET
    @Path("/{id}")
    public Map<String, Object> get(@RestPath long id) {
        return mapper.team(teams.get(caller.user(), id));
    }

    @PATCH
    @Path("/{id}")
    public Map<String, Object> update(@RestPath long id, TeamInput input) {
        return mapper.team(teams.update(caller.user(), id, input == null ? new TeamInput(null, null) : input));
    }

    @DELETE
    @Path("/{id}")
    public Response delete(@RestPath long id) {
        teams.delete(caller.user(), id);
        return Response.noContent().build();
    }
}
