package io.synclane.api.face.sde;

import io.synclane.api.config.ApiConfig;
import io.synclane.api.security.Caller;
import io.synclane.api.service.ConnectorService;
import io.synclane.api.service.PageRequest;
import io.synclane.common.domain.ConnectionKind;
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

@Path("/api/v2/connectors/" + Kinds.PATH)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = Tags.CONNECTORS)
@SecurityRequirement(name = Tags.SECURITY)
public class ConnectorResource {
    private final ConnectorService connectors;
    private final SdeMapper mapper;
    private final Caller caller;
    private final ApiConfig config;

    public ConnectorResource(ConnectorService connectors, SdeMapper mapper, Caller caller, ApiConfig config) {
        this.connectors = connectors;
        this.mapper = mapper;
        this.caller = caller;
        this.config = config;
    }

    @GET
    public ListPage<ConnectorView> list(@RestPath String kind,
            @Parameter(schema = @Schema(type = SchemaType.INTEGER)) @RestQuery("page_size") String pageSize,
            @Parameter(schema = @Schema(type = SchemaType.INTEGER)) @RestQuery String page, @Context UriInfo uri) {
        ConnectionKind side = Kinds.parse(kind);
        PageRequest request = QueryValues.page(pageSize, page, config.maxPageSize());
        boolean showParams = caller.canEdit(side);
        return mapper.page(connectors.list(caller.teamId(), side, request).map(c -> mapper.connector(c, showParams)), uri);
    }

    @POST
    @ResponseStatus(201)
    @APIResponse(responseCode = "201", description = "Created",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ConnectorView.class)))
    public ConnectorView create(@RestPath String kind, ConnectorBody body) {
        var connector = connectors.create(caller.actor(), Kinds.parse(kind), ConnectorBody.input(body));
        return mapper.connector(connector, true);
    }

    @GET
    @Path("/{id: [0-9]+}")
    public ConnectorView get(@RestPath String kind, @RestPath long id) {
        ConnectionKind side = Kinds.parse(kind);
        return mapper.connector(connectors.get(caller.teamId(), side, id), caller.canEdit(side));
    }

    @PATCH
    @Path("/{id: [0-9]+}")
    public ConnectorView update(@RestPath String kind, @RestPath long id, ConnectorBody body) {
        return mapper.connector(connectors.update(caller.actor(), Kinds.parse(kind), id, ConnectorBody.changes(body)),
                true);
    }

    @DELETE
    @Path("/{id: [0-9]+}")
    @APIResponse(responseCode = "204", description = "Deleted")
    public void delete(@RestPath String kind, @RestPath long id) {
        connectors.delete(caller.actor(), Kinds.parse(kind), id);
    }
}
