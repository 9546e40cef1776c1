package io.synclane.api.face.ui;

import com.fasterxml.jackson.databind.PropertyNamingStrategies.SnakeCaseStrategy;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The dashboard's JSON: snake_case, times as ISO-8601 UTC, ids as numbers, as /api/v2 writes them. Each answer
 * carries what the page shows and which controls the caller may use ({@code can_*}), decided by the services.
 */
public final class UiViews {
    private UiViews() {
    }

    @JsonNaming(SnakeCaseStrategy.class)
    public record SessionView(UserRef user, TeamRef team, boolean admin, Permissions canEdit) {
    }

    public record UserRef(long id, String email, String name) {
    }

    public record TeamRef(long id, String name) {
    }

    public record Permissions(boolean alm, boolean analysis) {
    }

    public record ProjectRef(long id, String name) {
    }

    public record ConnectionRef(long id, String alias, String system) {
    }

    public record UserLine(long id, String email) {
    }

    @JsonNaming(SnakeCaseStrategy.class)
    public record OverviewView(Instant now, Map<String, Long> statusCounts, Instant endedSince, QueueView queue,
            List<MinuteView> perMinute, HourView lastHour, OutboxView outbox, LagView consumerLag, DueView due) {
    }

    public record QueueView(long scheduled, long running) {
    }

    public record MinuteView(Instant minute, int succeeded, int failed, int killed) {
    }

    @JsonNaming(SnakeCaseStrategy.class)
    public record HourView(long ended, long succeeded, long failed, long killed, Double failureRate) {
    }

    @JsonNaming(SnakeCaseStrategy.class)
    public record OutboxView(long waiting, Double oldestSeconds, long deadLetters) {
    }

    /** {@code available} false: the broker could not be asked; {@code detail} says why and {@code lag} is null. */
    @JsonNaming(SnakeCaseStrategy.class)
    public record LagView(boolean available, Long lag, int partitions, String topic, String group, String detail,
            Instant readAt) {
    }

    public record DueView(Instant until, long count, List<DueLine> connections) {
    }

    @JsonNaming(SnakeCaseStrategy.class)
    public record DueLine(long id, String kind, String alias, String system, String frequency, Instant nextRun,
            ProjectRef project) {
    }

    /** A job in a list: {@code duration_ms} from its first start to its end, null until it ends. */
    @JsonNaming(SnakeCaseStrategy.class)
    public record JobLineView(long id, String kind, String status, boolean completed, String trigger, UserLine user,
            String resultMessage, int attempt, boolean remoteAgent, Instant created, Instant started,
            Instant finished, Long durationMs, ConnectionRef connection, ProjectRef project) {
    }

    /** A page of jobs, newest first; {@code next_before} is the cursor of the next page, null on the last. */
    @JsonNaming(SnakeCaseStrategy.class)
    public record JobPageView(List<JobLineView> results, Long nextBefore) {
    }

    @JsonNaming(SnakeCaseStrategy.class)
    public record JobDetailView(JobLineView job, List<StateView> states, List<RunView> runs, List<FileView> files,
            boolean canCancel, boolean canRerun) {
    }

    public record StateView(long id, String status, String comment, Instant at) {
    }

    @JsonNaming(SnakeCaseStrategy.class)
    public record RunView(long id, int attempt, String host, Long processId, long runKey, String status,
            Instant started, Instant finished, Long durationMs, String stdout, String stderr) {
    }

    /** A file of the job; {@code content_url} answers its bytes (to the same token). */
    @JsonNaming(SnakeCaseStrategy.class)
    public record FileView(long id, String name, String mime, long size, Instant created, String contentUrl) {
    }

    /** An ended job of a connection's history. */
    @JsonNaming(SnakeCaseStrategy.class)
    public record OutcomeView(long jobId, String status) {
    }

    @JsonNaming(SnakeCaseStrategy.class)
    public record ConnectionLineView(long id, String kind, String alias, String system, boolean inaccessible,
            String frequency, boolean schedulePaused, String scheduleTimezone, Instant nextRun, int skippedRuns,
            ProjectRef project, JobLineView lastJob, List<OutcomeView> history, int succeeded, boolean canSync,
            boolean canPause) {
    }

    /** A page of connections by id; {@code next_after} is the cursor of the next page, null on the last. */
    @JsonNaming(SnakeCaseStrategy.class)
    public record ConnectionPageView(List<ConnectionLineView> results, Long nextAfter) {
    }
}
