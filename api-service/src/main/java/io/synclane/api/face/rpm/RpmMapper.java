package io.synclane.api.face.rpm;

import io.synclane.api.face.rpm.JobRunView.RequestView;
import io.synclane.api.face.rpm.JobRunView.StepView;
import io.synclane.common.domain.JobStatus;
import io.synclane.common.job.JobRunQueries.RunRow;
import io.synclane.common.job.JobRunType;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Synclane's records in RPM's words: a job run is a job run, its connection the automation, its job the step,
 * its project the request. The status vocabularies are RPM's (README, "RPM face").
 */
final class RpmMapper {
    /** Seed 003 writes times to the second with their offset ({@code 2012-09-04T15:34:44-04:00}); ours are UTC. */
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx")
            .withZone(ZoneOffset.UTC);

    /** A run's status in RPM's words, and the run statuses each word stands for. */
    enum RunStatus {
        RUNNING("Running", JobStatus.RUNNING),
        COMPLETE("Complete", JobStatus.SUCCESS),
        PROBLEM("Problem", JobStatus.FAILURE),
        ERROR("Error", JobStatus.ERROR),
        CANCELLED("Cancelled", JobStatus.KILLED);

        final String word;
        final JobStatus status;

        RunStatus(String word, JobStatus status) {
            this.word = word;
            this.status = status;
        }

        static String wordOf(JobStatus status) {
            return Arrays.stream(values()).filter(s -> s.status == status).findFirst()
                    .map(s -> s.word).orElse(status.wire());
        }

        static Optional<RunStatus> parse(String word) {
            return Arrays.stream(values()).filter(s -> s.word.equalsIgnoreCase(word.trim())).findFirst();
        }

        static List<String> words() {
            return Arrays.stream(values()).map(s -> s.word).toList();
        }
    }

    private RpmMapper() {
    }

    static JobRunView view(RunRow run) {
        // Two times, four fields: a run is made as it starts, and is updated last when it ends.
        String started = time(run.startedAt());
        String finished = time(run.finishedAt());
        String step = run.connectionAlias() + " (" + run.kind().command(run.system()) + ")";
        return new JobRunView(run.connectionId(), started, finished, run.id(),
                run.type().wire(), run.processId(), JobRunResource.outputPath(run.id()), run.runKey(),
                started, RunStatus.wordOf(run.status()), emptyAsNull(run.stderr()),
                emptyAsNull(run.stdout()), finished != null ? finished : started,
                new StepView(stepState(run.jobStatus()), run.jobId(), step,
                        new RequestView(requestState(run.projectStatus()), run.projectId(), run.projectName())));
    }

    /** Seed 003's job types: {@code automation} (a job's own attempt) and {@code notification} (a webhook delivery). */
    static Optional<JobRunType> jobType(String word) {
        return Arrays.stream(JobRunType.values()).filter(t -> t.wire().equals(word.trim())).findFirst();
    }

    /** A step's states in RPM: locked, ready, in_process, problem, complete (RPM has no state for a cancelled step). */
    static String stepState(JobStatus job) {
        return switch (job) {
            case NEW -> "locked";
            case SCHEDULED -> "ready";
            case PRE_RUN, RUNNING, POST_RUN -> "in_process";
            case SUCCESS -> "complete";
            case FAILURE, ERROR, KILLED -> "problem";
        };
    }

    /** A request's state, from its project's newest job: planned, started, complete, problem or cancelled. */
    static String requestState(JobStatus newestJob) {
        return switch (newestJob) {
            case NEW, SCHEDULED -> "planned";
            case PRE_RUN, RUNNING, POST_RUN -> "started";
            case SUCCESS -> "complete";
            case FAILURE, ERROR -> "problem";
            case KILLED -> "cancelled";
        };
    }

    static String time(Instant instant) {
        return instant == null ? null : TIME.format(instant);
    }

    private static String emptyAsNull(String text) {
        return text == null || text.isEmpty() ? null : text;
    }
}
