package io.synclane.common.job;

import io.synclane.common.domain.JobStatus;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The job state machine: every move a job's status may make, and nothing else.
 *
 * <pre>
 * new → scheduled → (pre-run) → running → (post-run) → success | failure
 *                                    └──→ scheduled        (a retry, or a takeover of a dead worker's job)
 * any unfinished status → error | killed                (dead letter, given up, agent never came; a cancel)
 * </pre>
 *
 * {@link JobStore} turns {@link #from} into the {@code WHERE status = ANY (...)} guard of each status write, so
 * a move the machine does not allow can never reach the database, and of two racing moves only one applies.
 */
public final class JobTransitions {
    /** The statuses in which a run is under way: its worker or agent holds the job. */
    public static final Set<JobStatus> RUN_ACTIVE =
            Collections.unmodifiableSet(EnumSet.of(JobStatus.PRE_RUN, JobStatus.RUNNING, JobStatus.POST_RUN));
    /** The statuses in which a run may report how it ended: it has started and not yet ended. */
    public static final Set<JobStatus> RUN_CAN_END =
            Collections.unmodifiableSet(EnumSet.of(JobStatus.RUNNING, JobStatus.POST_RUN));
    public static final Set<JobStatus> UNFINISHED = Collections.unmodifiableSet(EnumSet.copyOf(
            java.util.Arrays.stream(JobStatus.values()).filter(status -> !status.isTerminal()).toList()));
    /** The ends ({@link JobStatus#isTerminal()} is their one definition): a job in one never moves again. */
    public static final Set<JobStatus> TERMINAL = Collections.unmodifiableSet(EnumSet.copyOf(
            java.util.Arrays.stream(JobStatus.values()).filter(JobStatus::isTerminal).toList()));

    private static final Map<JobStatus, Set<JobStatus>> FROM = new EnumMap<>(JobStatus.class);

    static {
        allow(JobStatus.SCHEDULED, JobStatus.NEW, JobStatus.PRE_RUN, JobStatus.RUNNING, JobStatus.POST_RUN);
        allow(JobStatus.PRE_RUN, JobStatus.SCHEDULED);
        allow(JobStatus.RUNNING, JobStatus.SCHEDULED, JobStatus.PRE_RUN);
        allow(JobStatus.POST_RUN, JobStatus.RUNNING);
        allow(JobStatus.SUCCESS, JobStatus.RUNNING, JobStatus.POST_RUN);
        allow(JobStatus.FAILURE, JobStatus.RUNNING, JobStatus.POST_RUN);
        allow(JobStatus.ERROR, UNFINISHED.toArray(JobStatus[]::new));
        allow(JobStatus.KILLED, UNFINISHED.toArray(JobStatus[]::new));
    }

    private JobTransitions() {
    }

    private static void allow(JobStatus to, JobStatus... from) {
        FROM.put(to, Collections.unmodifiableSet(EnumSet.of(from[0], from)));
    }

    /** The statuses a job may move to {@code to} from; empty for {@code new}, which a job is only created in. */
    public static Set<JobStatus> from(JobStatus to) {
        return FROM.getOrDefault(to, Set.of());
    }

    public static boolean allowed(JobStatus from, JobStatus to) {
        return from(to).contains(from);
    }

    /**
     * The guard of a move that may start in any of {@code from}: fails when the machine forbids one of those
     * moves, so a store method can never be written to allow more than the machine does.
     */
    static Set<JobStatus> guard(Set<JobStatus> from, JobStatus to) {
        if (!from(to).containsAll(from)) {
            throw new IllegalArgumentException("the job state machine does not allow " + from + " -> " + to);
        }
        return from;
    }
}
