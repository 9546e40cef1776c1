package io.synclane.worker.testing;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.synclane.common.domain.Connection;
import io.synclane.common.domain.ConnectionKind;
import io.synclane.common.domain.Connector;
import io.synclane.common.domain.Job;
import io.synclane.common.domain.JobStatus;
import io.synclane.common.domain.Project;
import io.synclane.common.domain.Task;
import io.synclane.common.domain.Team;
import io.synclane.common.job.JobLifecycle;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Records a worker finds in the database when a request arrives, written the way api-service writes
 * them: scheduling goes through {@link JobLifecycle}, so the request reaches Kafka through the outbox.
 */
public final class WorkerFixtures {
    /** A project with one task per CWE, in order: T1 carries the first CWE, T2 the second, ... */
    public record Setup(long teamId, long projectId, long connectionId) {
    }

    private WorkerFixtures() {
    }

    public static Setup analysisConnection(Map<String, Object> params, int... taskCwes) {
        return analysisConnection("sarif", params, taskCwes);
    }

    public static Setup analysisConnection(String system, Map<String, Object> params, int... taskCwes) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Team team = new Team();
            team.name = "team-" + UUID.randomUUID();
            team.persist();
            Project project = new Project();
            project.teamId = team.id;
            project.name = "project";
            project.persist();
            for (int i = 0; i < taskCwes.length; i++) {
                Task task = new Task();
                task.projectId = project.id;
                task.taskId = "T" + (i + 1);
                task.title = "Task for CWE-" + taskCwes[i];
                task.phase = "development";
                task.priority = 8;
                task.cwes = new int[] {taskCwes[i]};
                task.persist();
            }
            Connector connector = new Connector();
            connector.teamId = team.id;
            connector.kind = ConnectionKind.ANALYSIS;
            connector.name = system;
            connector.system = system;
            connector.persist();
            Connection connection = new Connection();
            connection.teamId = team.id;
            connection.projectId = project.id;
            connection.connector = connector;
            connection.kind = ConnectionKind.ANALYSIS;
            connection.alias = "import";
            connection.params = new java.util.HashMap<>(params);
            connection.persist();
            return new Setup(team.id, project.id, connection.id);
        });
    }

    public static long schedule(JobLifecycle lifecycle, long connectionId) {
        return QuarkusTransaction.requiringNew()
                .call(() -> lifecycle.schedule(Connection.findById(connectionId), null, true).id);
    }

    /**
     * A job row of the connection in the given status, not yet persisted and never requested through Kafka, so
     * only the test acts on it; the caller adjusts it and persists it in its own transaction.
     */
    public static Job jobRow(Connection connection, JobStatus status) {
        Job job = new Job();
        job.teamId = connection.teamId;
        job.projectId = connection.projectId;
        job.connectionId = connection.id;
        job.kind = connection.kind;
        job.status = status;
        job.manual = true;
        job.createdAt = Instant.now();
        job.updatedAt = job.createdAt;
        return job;
    }

    /** A scheduled job of the connection, persisted but never requested through Kafka: only the test claims it. */
    public static long scheduledJobRow(long connectionId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Job job = jobRow(Connection.findById(connectionId), JobStatus.SCHEDULED);
            job.persist();
            return job.id;
        });
    }

    public static <T> T read(Supplier<T> query) {
        return QuarkusTransaction.requiringNew().call(query::get);
    }

    /** Waits for the job to end and returns its final status. */
    public static JobStatus awaitEnd(long jobId, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JobStatus status = read(() -> Job.<Job>findById(jobId).status);
            if (status.isTerminal()) {
                return status;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("job " + jobId + " did not end within " + timeout + "; it is "
                + read(() -> Job.<Job>findById(jobId).status));
    }
}
