package io.synclane.api.face.ui;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code /} and {@code /ui} lead to the dashboard's live page, {@code /ui/}. */
@Path("/")
@Tag(name = "Dashboard")
public class RootResource {
    @GET
    @Operation(summary = "Redirects to the dashboard, /ui/")
    public Response root() {
        return Response.status(Response.Status.FOUND).location(URI.create(UiEdge.ROOT + "/")).build();
    }

    @GET
    @Path("/ui")
    @Operation(summary = "Redirects to the dashboard, /ui/")
    public Response ui() {
        return root();
    }
}
