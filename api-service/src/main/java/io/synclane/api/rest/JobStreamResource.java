package io.synclane.api.rest;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.synclane.api.security.Caller;
import io.synclane.api.service.JobEventBroadcaster;
import io.synclane.api.service.JobEventBroadcaster.StreamFilter;
import io.synclane.common.event.JobEvent;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestStreamElementType;

/** Job moves as they happen, as Server-Sent Events, for operators watching syncs. */
@Path("/api/v2/jobs/stream")
@Tag(name = "Jobs")
public class JobStreamResource {
    private final JobEventBroadcaster broadcaster;
    private final Caller caller;

    public JobStreamResource(JobEventBroadcaster broadcaster, Caller caller) {
        this.broadcaster = broadcaster;
        this.caller = caller;
    }

    /** Blocking only so that authentication (a database read) runs off the event loop. */
    @GET
    @Blocking
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Operation(summary = "Stream job events (Server-Sent Events) of the caller's team",
            description = "Each event's data is a job event: job_id, connection_id, project_id, kind, status, result_message, at.")
    public Multi<JobEvent> stream(@RestQuery Long project, @RestQuery Long connection) {
        return broadcaster.stream(new StreamFilter(caller.teamId(), project, connection));
    }
}
