package io.synclane.api.face.sde;

import io.synclane.api.config.ApiConfig;
import io.synclane.api.security.Caller;
import io.synclane.api.service.PageRequest;
import io.synclane.api.service.WebhookService;
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
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/** Job-end notifications of the caller's team, for its admins; the secret is in the answers to create and rotate only. */
@Path("/api/v2/webhooks")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = Tags.WEBHOOKS)
@SecurityRequirement(name = Tags.SECURITY)
public class WebhookResource {
    private final WebhookService webhooks;
    private final SdeMapper mapper;
    private final Caller caller;
    private final ApiConfig config;

    public WebhookResource(WebhookService webhooks, SdeMapper mapper, Caller caller, ApiConfig config) {
        this.webhooks = webhooks;
        this.mapper = mapper;
        this.caller = caller;
        this.config = config;
    }

    @GET
    public ListPage<WebhookView> list(
            @Parameter(schema = @Schema(type = SchemaType.INTEGER)) @RestQuery("page_size") String pageSize,
            @Parameter(schema = @Schema(type = SchemaType.INTEGER)) @RestQuery String page, @Context UriInfo uri) {
        PageRequest request = QueryValues.page(pageSize, page, config.maxPageSize());
        return mapper.page(webhooks.list(caller.actor(), request).map(w -> mapper.webhook(w, null)), uri);
    }

    @POST
    @ResponseStatus(201)
    @APIResponse(responseCode = "201", description = "Created, with its secret (shown this once)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = WebhookView.class)))
    public WebhookView create(WebhookBody body) {
        return mapper.webhook(webhooks.create(caller.actor(), WebhookBody.input(body)));
    }

    @GET
    @Path("/{id: [0-9]+}")
    public WebhookView get(@RestPath long id) {
        return mapper.webhook(webhooks.get(caller.actor(), id), null);
    }

    @PATCH
    @Path("/{id: [0-9]+}")
    public WebhookView update(@RestPath long id, WebhookBody body) {
        return mapper.webhook(webhooks.update(caller.actor(), id, WebhookBody.changes(body)), null);
    }

    @DELETE
    @Path("/{id: [0-9]+}")
    @APIResponse(responseCode = "204", description = "Deleted")
    public void delete(@RestPath long id) {
        webhooks.delete(caller.actor(), id);
    }

    /** A new secret, in this answer only; deliveries are signed with it from now on. Takes no body. */
    @POST
    @Path("/{id: [0-9]+}/rotate_secret")
    @Consumes(MediaType.WILDCARD)
    @APIResponse(responseCode = "200", description = "The webhook with its new secret (shown this once)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = WebhookView.class)))
    public WebhookView rotateSecret(@RestPath long id) {
        return mapper.webhook(webhooks.rotateSecret(caller.actor(), id));
    }
}
