package io.synclane.api.face.sde;

import io.synclane.api.face.sde.JobListing.JobFilters;
import io.synclane.api.security.Caller;
import io.synclane.api.service.ReportedResultService;
import io.synclane.common.domain.ConnectionKind;
import io.synclane.common.domain.Job;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/** Jobs of one project. A class of its own: JAX-RS matches class paths before method paths. */
@Path("/api/v2/projects/{projectId: [0-9]+}/jobs/" + Kinds.PATH)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = Tags.JOBS)
@SecurityRequirement(name = Tags.SECURITY)
public class ProjectJobResource {
    private final JobListing listing;
    private final ReportedResultService results;
    private final Caller caller;

    public ProjectJobResource(JobListing listing, ReportedResultService results, Caller caller) {
        this.listing = listing;
        this.results = results;
        this.caller = caller;
    }

    @GET
    public ListPage<JobView> list(@RestPath long projectId, @RestPath String kind, @RestQuery String expand,
            @RestQuery String completed, @RestQuery String ready, @RestQuery String manual,
            @RestQuery String automatic, @RestQuery String succeeded,
            @Parameter(schema = @Schema(type = SchemaType.INTEGER)) @RestQuery String connection,
            @Parameter(schema = @Schema(type = SchemaType.INTEGER)) @RestQuery String user,
            @Parameter(schema = @Schema(type = SchemaType.INTEGER)) @RestQuery("page_size") String pageSize,
            @Parameter(schema = @Schema(type = SchemaType.INTEGER)) @RestQuery String page,
            @Context UriInfo uri) {
        JobFilters filters = new JobFilters(completed, ready, manual, automatic, succeeded,
                QueryValues.id("connection", connection), QueryValues.id("user", user));
        return listing.page(Kinds.parse(kind), projectId, filters, expand, pageSize, page, uri);
    }

    /**
     * Records the result of a job run elsewhere; answers 200 with the job, its connection as an id as
     * seed 000 shows, or embedded with {@code ?expand=connection} as seed 001 shows.
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public JobView postResult(@RestPath long projectId, @RestPath String kind, @RestQuery String expand,
            ReportedResultBody body) {
        ConnectionKind parsed = Kinds.parse(kind);
        Job job = results.record(caller.actor(), projectId, parsed, ReportedResultBody.input(body));
        return listing.one(parsed, job.id, expand);
    }
}
