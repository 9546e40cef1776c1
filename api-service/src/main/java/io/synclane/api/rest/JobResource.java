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

/** Jobs of all the team's projects (seeds 000 and 001). */
@Path("/api/v2/jobs/" + Kinds.PATH)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Jobs")
public class JobResource {
    private final JobListing listing;

    public JobResource(JobListing listing) {
        this.listing = listing;
    }

    @GET
    public Map<String, Object> list(@RestPath String kind, @RestQuery String expand, @RestQuery String completed,
            @RestQuery String ready, @RestQuery String manual, @RestQuery String automatic,
            @RestQuery String succeeded, @RestQuery Long connection, @RestQuery Long user,
            @RestQuery("page_size") Integer pageSize, @RestQuery Integer page, @Context UriInfo uri) {
        JobFilter filter = new JobFilter(null, completed, ready, manual, automatic, succeeded, connection, user);
        return listing.page(Kinds.parse(kind), filter, expand, pageSize, page, uri);
    }

    @GET
    @Path("/{id}")
    public Map<String, Object> get(@RestPath String kind, @RestPath long id, @RestQuery String expand) {
        return listing.one(Kinds.parse(kind), id, expand);
    }
}
