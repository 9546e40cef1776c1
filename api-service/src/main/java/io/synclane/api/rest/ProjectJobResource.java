package io.synclane.api.rest;

import io.synclane.api.service.JobQueryService.JobFilter;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/** Jobs of one project. A class of its own: JAX-RS matches class paths before method paths. */
@Path("/api/v2/projects/{projectId}/jobs/" + Kinds.PATH)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Jobs")
public class ProjectJobResource {
    private final JobListing listing;

    public ProjectJobResource(JobListing listing) {
        this.listing = listing;
    }

    @GET
    public Map<String, Object> list(@RestPath long projectId, @RestPath String kind, @RestQuery String expand,
            @RestQuery String completed, @RestQuery String ready, @RestQuery String manual,
            @RestQuery String automatic, @RestQuery String succeeded, @RestQuery Long connection,
            @RestQuery Long user, @RestQuery("page_size") Integer pageSize, @RestQuery Integer page,
            @Context UriInfo uri) {
        JobFilter filter = new JobFilter(projectId, completed, ready, manual, automatic, succeeded, connection, user);
        return listing.page(Kinds.parse(kind), filter, expand, pageSize, page, uri);
    }
}
