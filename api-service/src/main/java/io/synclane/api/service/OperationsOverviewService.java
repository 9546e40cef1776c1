package io.synclane.api.service;

import io.synclane.api.client.JobRequestsLag;
import io.synclane.common.domain.AppUser;
import io.synclane.common.domain.ConnectionKind;
import io.synclane.common.domain.JobStatus;
import io.synclane.common.domain.Team;
import io.synclane.common.job.OperationsQueries;
import io.synclane.common.job.OperationsQueries.Due;
import io.synclane.common.job.OperationsQueries.MinuteEnds;
import io.synclane.common.job.OperationsQueries.OutboxBacklog;
import io.synclane.common.job.OperationsQueries.StatusCounts;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What an operator's live page shows of their team: jobs by status, the queue, job ends per minute and the failure
 * rate over the last hour, the syncs due within the next hour; and what the whole service shares (the outbox backlog,
 * the workers' lag on {@code job-requests}), which tell one team nothing of another's records. Read-only.
 */
@ApplicationScoped
public class OperationsOverviewService {
    /** The window of the per-minute figures. */
    public static final int MINUTES = 60;
    /** How far back ended jobs are counted by status. */
    public static final Duration ENDED_WINDOW = Duration.ofHours(24);
    /** How far ahead due syncs are listed. */
    public static final Duration DUE_WINDOW = Duration.ofHours(1);
    /** How many due syncs are listed at most (all are counted). */
    public static final int DUE_MAX = 50;

    /** Who signed in: what the dashboard shows in its header and which controls it offers. */
    public record Session(long userId, String email, String name, long teamId, String teamName, boolean admin,
            boolean canEditAlm, boolean canEditAnalysis) {
    }

    /** Jobs waiting to run and running now. */
    public record Queue(long scheduled, long running) {
    }

    /** The last hour's ends; {@code failureRate} is failed / ended, null when none ended. */
    public record HourSummary(long ended, long succeeded, long failed, long killed, Double failureRate) {
    }

    public record Overview(Instant now, StatusCounts statusCounts, Queue queue, List<MinuteEnds> perMinute,
            HourSummary lastHour, OutboxBacklog outbox, JobRequestsLag.Reading consumerLag, Instant dueUntil,
            Due due) {
    }

    private final OperationsQueries queries;
    private final JobRequestsLag lag;

    public OperationsOverviewService(OperationsQueries queries, JobRequestsLag lag) {
        this.queries = queries;
        this.lag = lag;
    }

    public Session session(Actor caller) {
        AppUser user = AppUser.findById(caller.userId());
        Team team = Team.findById(caller.teamId());
        if (user == null || team == null) {
            throw new NotFound();
        }
        return new Session(user.id, user.email, user.name, team.id, team.name, caller.admin(),
                caller.canEditConnections(ConnectionKind.ALM), caller.canEditConnections(ConnectionKind.ANALYSIS));
    }

    /** One read-only transaction: every figure is measured on the same database clock ({@code now()}). */
    @Transactional
    public Overview overview(Actor caller) {
        long team = caller.teamId();
        Instant now = queries.now();
        StatusCounts counts = queries.statusCounts(team, now.minus(ENDED_WINDOW));
        Map<JobStatus, Long> by = counts.counts();
        Queue queue = new Queue(by.get(JobStatus.NEW) + by.get(JobStatus.SCHEDULED),
                by.get(JobStatus.PRE_RUN) + by.get(JobStatus.RUNNING) + by.get(JobStatus.POST_RUN));
        List<MinuteEnds> perMinute = queries.endsPerMinute(team, MINUTES);
        long succeeded = perMinute.stream().mapToLong(MinuteEnds::succeeded).sum();
        long failed = perMinute.stream().mapToLong(MinuteEnds::failed).sum();
        long killed = perMinute.stream().mapToLong(MinuteEnds::killed).sum();
        long ended = succeeded + failed + killed;
        HourSummary hour = new HourSummary(ended, succeeded, failed, killed,
                ended == 0 ? null : (double) failed / ended);
        Instant dueUntil = now.plus(DUE_WINDOW);
        return new Overview(now, counts, queue, perMinute, hour, queries.outbox(), lag.current(), dueUntil,
                queries.dueBefore(team, dueUntil, DUE_MAX));
    }
}
