package io.synclane.api.face.sde;

import io.synclane.api.face.sde.JobListing.JobFilters;
import io.synclane.api.security.Caller;
import io.synclane.api.service.JobControlService;
import io.synclane.common.domain.Job;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
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

/** Jobs of all the team's projects (seeds 000 and 001). */
@Path("/api/v2/jobs/" + Kinds.PATH)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = Tags.JOBS)
@SecurityRequirement(name = Tags.SECURITY)
public class JobResource {
    private final JobListing listing;
    private final JobControlService control;
    private final SdeMapper mapper;
    private final Caller caller;

    public JobResource(JobListing listing, JobControlService control, SdeMapper mapper, Caller caller) {
        this.listing = listing;
        this.control = control;
        this.mapper = mapper;
        this.caller = caller;
    }

    @GET
    public ListPage<JobView> list(@RestPath String kind, @RestQuery String expand, @RestQuery String completed,
            @RestQuery String ready, @RestQuery String manual, @RestQuery String automatic,
            @RestQuery String succeeded,
            @Parameter(schema = @Schema(type = SchemaType.INTEGER)) @RestQuery String connection,
            @Parameter(schema = @Schema(type = SchemaType.INTEGER)) @RestQuery String user,
            @Parameter(schema = @Schema(type = SchemaType.INTEGER)) @RestQuery("page_size") String pageSize,
            @Parameter(schema = @Schema(type = SchemaType.INTEGER)) @RestQuery String page, @Context UriInfo uri) {
        JobFilters filters = new JobFilters(completed, ready, manual, automatic, succeeded,
                QueryValues.id("connection", connection), QueryValues.id("user", user));
        return listing.page(Kinds.parse(kind), null, filters, expand, pageSize, page, uri);
    }

    @GET
    @Path("/{id: [0-9]+}")
    public JobView get(@RestPath String kind, @RestPath long id, @RestQuery String expand) {
        return listing.one(Kinds.parse(kind), id, expand);
    }

    /** Stops a queued or running job; it ends {@code killed}. 409 when it has already ended. */
    @POST
    @Path("/{id: [0-9]+}/cancel")
    @Consumes(MediaType.WILDCARD)
    public JobView cancel(@RestPath String kind, @RestPath long id) {
        Job job = control.cancel(caller.actor(), Kinds.parse(kind), id);
        return mapper.job(job);
    }

    /** A new job for the same connection: 202 with it. */
    @POST
    @Path("/{id: [0-9]+}/rerun")
    @Consumes(MediaType.WILDCARD)
    @ResponseStatus(202)
    @APIResponse(responseCode = "202", description = "The new job",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = JobView.class)))
    public JobView rerun(@RestPath String kind, @RestPath long id) {
        Job job = control.rerun(caller.actor(), Kinds.parse(kind), id);
        return mapper.job(job);
    }
}
