package io.synclane.api.face.sde;

import io.synclane.api.config.ApiConfig;
import io.synclane.api.security.Caller;
import io.synclane.api.service.ApiTokenService;
import io.synclane.api.service.ApiTokenService.TokenInput;
import io.synclane.api.service.PageRequest;
import io.synclane.api.service.UserService;
import io.synclane.api.service.UserService.UserInput;
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

@Path("/api/v2/users")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Teams, users and tokens")
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
    public Map<String, Object> list(@RestQuery Long team, @RestQuery("page_size") Integer pageSize,
            @RestQuery Integer page, @Context UriInfo uri) {
        PageRequest request = PageRequest.of(pageSize, page, config.maxPageSize());
        return mapper.page(users.list(caller.user(), team, request).map(mapper::user), uri);
    }

    /** The caller itself: what a script checks first with a new token. */
    @GET
    @Path("/me")
    public Map<String, Object> me() {
        return mapper.user(caller.user());
    }

    @POST
    public Response create(UserInput input) {
        return Response.status(Response.Status.CREATED).entity(mapper.user(users.create(caller.user(), input)))
                .build();
    }

    @GET
    @Path("/{id}")
    public Map<String, Object> get(@RestPath long id) {
        return mapper.user(users.get(caller.user(), id));
    }

    @PATCH
    @Path("/{id}")
    public Map<String, Object> update(@RestPath long id, UserInput input) {
        UserInput changes = input == null ? new UserInput(null, null, null, null, null) : input;
        return mapper.user(users.update(caller.user(), id, changes));
    }

    @DELETE
    @Path("/{id}")
    public Response delete(@RestPath long id) {
        users.delete(caller.user(), id);
        return Response.noContent().build();
    }

    @GET
    @Path("/{id}/tokens")
    public Map<String, Object> tokens(@RestPath long id) {
        return Map.of("results", tokens.list(caller.user(), id).stream().map(mapper::token).toList());
    }

    /** Answers the new token with its key: the only time the key is ever shown. */
    @POST
    @Path("/{id}/tokens")
    public Response createToken(@RestPath long id, TokenInput input) {
        return Response.status(Response.Status.CREATED)
                .entity(mapper.newToken(tokens.create(caller.user(), id, input))).build();
    }

    @DELETE
    @Path("/{id}/tokens/{tokenId}")
    public Response revokeToken(@RestPath long id, @RestPath long tokenId) {
        tokens.revoke(caller.user(), id, tokenId);
        return Response.noContent().build();
    }
}
