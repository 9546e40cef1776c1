package io.synclane.api.face.sde;

import io.synclane.api.config.ApiConfig;
import io.synclane.api.security.Caller;
import io.synclane.api.service.ApiTokenService;
import io.synclane.api.service.PageRequest;
import io.synclane.api.service.UserService;
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

@Path("/api/v2/users")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = Tags.TEAMS)
@SecurityRequirement(name = Tags.SECURITY)
public class UserResource {
    private final UserService users;
    private final ApiTokenService tokens;
    private final SdeMapper mapper;
    private final Caller caller;
    private final ApiConfig config;

    public UserResource(UserService users, ApiTokenService tokens, SdeMapper mapper, Caller caller,
            ApiConfig config) {
        this.users = users;
        this.tokens = tokens;
        this.mapper = mapper;
        this.caller = caller;
        this.config = config;
    }

    @GET
    public ListPage<UserView> list(@Parameter(schema = @Schema(type = SchemaType.INTEGER)) @RestQuery String team,
            @Parameter(schema = @Schema(type = SchemaType.INTEGER)) @RestQuery("page_size") String pageSize,
            @Parameter(schema = @Schema(type = SchemaType.INTEGER)) @RestQuery String page, @Context UriInfo uri) {
        PageRequest request = QueryValues.page(pageSize, page, config.maxPageSize());
        return mapper.page(users.list(caller.actor(), QueryValues.id("team", team), request).map(mapper::user), uri);
    }

    /** The caller itself: what a script checks first with a new token. */
    @GET
    @Path("/me")
    public UserView me() {
        return mapper.user(users.get(caller.actor(), caller.userId()));
    }

    @POST
    @ResponseStatus(201)
    @APIResponse(responseCode = "201", description = "Created",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = UserView.class)))
    public UserView create(UserBody body) {
        return mapper.user(users.create(caller.actor(), UserBody.input(body)));
    }

    @GET
    @Path("/{id: [0-9]+}")
    public UserView get(@RestPath long id) {
        return mapper.user(users.get(caller.actor(), id));
    }

    @PATCH
    @Path("/{id: [0-9]+}")
    public UserView update(@RestPath long id, UserBody body) {
        return mapper.user(users.update(caller.actor(), id, UserBody.changes(body)));
    }

    @DELETE
    @Path("/{id: [0-9]+}")
    @APIResponse(responseCode = "204", description = "Deleted")
    public void delete(@RestPath long id) {
        users.delete(caller.actor(), id);
    }

    @GET
    @Path("/{id: [0-9]+}/tokens")
    public ListPage<TokenView> tokens(@RestPath long id) {
        return ListPage.of(tokens.list(caller.actor(), id).stream().map(mapper::token).toList());
    }

    /** Answers the new token with its key: the only time the key is ever shown. */
    @POST
    @Path("/{id: [0-9]+}/tokens")
    @ResponseStatus(201)
    @APIResponse(responseCode = "201", description = "Created, with its key",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = NewTokenView.class)))
    public NewTokenView createToken(@RestPath long id, TokenBody body) {
        return mapper.newToken(tokens.create(caller.actor(), id, TokenBody.input(body)));
    }

    @DELETE
    @Path("/{id: [0-9]+}/tokens/{tokenId: [0-9]+}")
    @APIResponse(responseCode = "204", description = "Revoked")
    public void revokeToken(@RestPath long id, @RestPath long tokenId) {
        tokens.revoke(caller.actor(), id, tokenId);
    }
}
