package io.synclane.api.face.sde;

import io.synclane.api.config.ApiConfig;
import io.smallrye.mutiny.Multi;
import io.synclane.api.security.Caller;
import io.synclane.api.service.JobEventBroadcaster;
import io.synclane.api.service.JobEventBroadcaster.StreamFilter;
import io.synclane.common.event.JobEvent;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestQuery;

/** Job moves as they happen, as Server-Sent Events, for operators watching syncs. */
@Path("/api/v2/jobs/stream")
@Tag(name = Tags.JOBS)
@SecurityRequirement(name = Tags.SECURITY)
public class JobStreamResource {
    private final JobEventBroadcaster broadcaster;
    private final Caller caller;
    private final ApiConfig config;

    public JobStreamResource(JobEventBroadcaster broadcaster, Caller caller, ApiConfig config) {
        this.broadcaster = broadcaster;
        this.caller = caller;
        this.config = config;
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(summary = "Stream job events (Server-Sent Events) of the caller's team",
            description = "Each event's data is a job event: job_id, connection_id, project_id, kind, status,"
                    + " result_message, at. A comment line every heartbeat keeps idle connections open.")
    @APIResponse(responseCode = "200", description = "An endless stream of job events",
            content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS, schema = @Schema(implementation = JobEvent.class)))
    public Multi<OutboundSseEvent> stream(@Parameter(schema = @Schema(type = SchemaType.INTEGER)) @RestQuery String project,
            @Parameter(schema = @Schema(type = SchemaType.INTEGER)) @RestQuery String connection, @Context Sse sse) {
        StreamFilter filter = new StreamFilter(caller.teamId(), QueryValues.id("project", project),
                QueryValues.id("connection", connection));
        Multi<OutboundSseEvent> events = broadcaster.stream(filter)
                .map(event -> sse.newEventBuilder().mediaType(MediaType.APPLICATION_JSON_TYPE)
                        .data(JobEvent.class, event).build());
        // Proxies and load balancers close connections that stay silent; an SSE comment is ignored by clients.
        Multi<OutboundSseEvent> heartbeats = Multi.createFrom().ticks().every(config.streamHeartbeat())
                .map(tick -> sse.newEventBuilder().comment("heartbeat").build());
        return Multi.createBy().merging().streams(events, heartbeats);
    }
}
