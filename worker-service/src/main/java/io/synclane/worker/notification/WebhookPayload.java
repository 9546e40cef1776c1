package io.synclane.worker.notification;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies.SnakeCaseStrategy;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.synclane.common.domain.JobStatus;
import io.synclane.worker.notification.NotificationStore.JobSummary;
import java.time.Instant;
import java.time.format.DateTimeFormatter;

/**
 * The body of a job-end delivery: the event, the delivery's id (the same on every attempt, for receivers to drop
 * repeats) and the job's summary, with where to read it on /api/v2. Built from the ended job, which never moves
 * again, so every attempt sends the same bytes.
 */
public final class WebhookPayload {
    public static final String EVENT = "job.ended";
    private static final ObjectMapper JSON = new ObjectMapper();

    @JsonNaming(SnakeCaseStrategy.class)
    record Body(String event, long delivery, long teamId, JobView job) {
    }

    @JsonNaming(SnakeCaseStrategy.class)
    record JobView(long id, String kind, String status, boolean succeeded, String resultMessage, boolean manual,
            Long user, String created, String started, String finished, String url, ConnectionView connection,
            ProjectView project) {
    }

    record ConnectionView(long id, String alias, String system, String command) {
    }

    record ProjectView(long id, String name) {
    }

    private WebhookPayload() {
    }

    /** The JSON bytes of a delivery about {@code job}; {@code publicUrl} is where people open Synclane. */
    public static byte[] of(long deliveryId, JobSummary job, String publicUrl) {
        String base = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
        JobView view = new JobView(job.id(), job.kind().wire(), job.status().wire(), job.status() == JobStatus.SUCCESS,
                job.resultMessage(), job.manual(), job.userId(), time(job.createdAt()), time(job.startedAt()),
                time(job.finishedAt()), base + "/api/v2/jobs/" + job.kind().wire() + "/" + job.id() + "/",
                new ConnectionView(job.connectionId(), job.connectionAlias(), job.system(),
                        job.kind().command(job.system())),
                new ProjectView(job.projectId(), job.projectName()));
        try {
            return JSON.writeValueAsBytes(new Body(EVENT, deliveryId, job.teamId(), view));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a job summary is plain JSON", e);
        }
    }

    private static String time(Instant instant) {
        return instant == null ? null : DateTimeFormatter.ISO_INSTANT.format(instant);
    }
}
