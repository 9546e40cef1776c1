package io.synclane.api.service;

import io.synclane.api.config.ApiConfig;
import io.synclane.common.domain.AlmIssue;
import io.synclane.common.domain.Connection;
import io.synclane.common.domain.Task;
import io.synclane.common.domain.TaskStatus;
import io.synclane.common.domain.VerificationStatus;
import io.synclane.common.job.JobRecordQueries;
import io.synclane.common.job.JobRecordQueries.JobRecord;
import io.synclane.common.job.JobStore;
import io.synclane.common.job.JobStore.Claim;
import io.synclane.common.job.JobTransitions;
import io.synclane.common.job.RunnerProcess;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a remote agent needs to run a job of an inaccessible connector: the next job waiting for it (with the
 * connection it syncs), the project's tasks, and a way to write back what the run decided for each task. Only the
 * agent holding a running job reads and writes its tasks, and only while it holds it.
 */
@ApplicationScoped
public class AgentRunService {
    /** A job handed to an agent, with its connection and the params its run uses (connector's, then connection's). */
    public record AgentJob(JobRecord job, Claim claim, Connection connection, Map<String, Object> params) {
    }

    /** A task of the job's project, with the issue the job's connection keeps for it (null when none). */
    public record AgentTask(Task task, AlmIssue issue) {
    }

    /** An issue a sync made or found for a task: its key, address and whether it was done at this sync. */
    public record IssueLink(String key, String url, boolean syncedDone) {
    }

    /** What the run decided for a task; null leaves that part as it is. */
    public record TaskOutcome(Long taskId, TaskStatus status, VerificationStatus verificationStatus, IssueLink issue) {
    }

    private final JobStore store;
    private final JobRecordQueries records;
    private final ApiConfig config;

    public AgentRunService(JobStore store, JobRecordQueries records, ApiConfig config) {
        this.store = store;
        this.records = records;
        this.config = config;
    }

    /** Hands the calling agent the next job waiting for it; {@link NothingToRun} when none does. */
    @Transactional
    public AgentJob schedule(Actor caller, Long remoteciId) {
        if (!caller.isAgent()) {
            throw new Forbidden();
        }
        if (remoteciId != null && !remoteciId.equals(caller.remoteciId())) {
            throw new ForeignRecord(); // an agent may name only itself
        }
        Optional<Claim> claim = store.claimForAgent(caller.teamId(), caller.remoteciId(), config.agents().lease());
        if (claim.isEmpty()) {
            throw new NothingToRun();
        }
        JobRecord job = records.job(claim.get().jobId()).orElseThrow();
        Connection connection = Connection.findById(job.connectionId());
        return new AgentJob(job, claim.get(), connection, connection.effectiveParams());
    }

    @Transactional
    public List<AgentTask> tasks(Actor caller, long jobId) {
        JobRecord job = held(caller, jobId);
        Map<Long, AlmIssue> issues = new HashMap<>();
        for (AlmIssue issue : AlmIssue.listForConnection(job.connectionId())) {
            issues.put(issue.taskId, issue);
        }
        return Task.listForProject(job.projectId()).stream()
                .map(task -> new AgentTask(task, issues.get(task.id))).toList();
    }

    /**
     * Writes what the run decided, all in one transaction: a task's status and verification, and the issue the
     * job's connection keeps for it. A task outside the job's project refuses the whole write.
     */
    @Transactional
    public void recordTaskOutcomes(Actor caller, long jobId, List<TaskOutcome> outcomes) {
        JobRecord job = held(caller, jobId);
        check(outcomes);
        Instant now = Instant.now();
        for (int i = 0; i < outcomes.size(); i++) {
            TaskOutcome outcome = outcomes.get(i);
            String field = "tasks[" + i + "].id";
            Task task = Task.findById(outcome.taskId(), LockModeType.PESSIMISTIC_WRITE);
            if (task == null || !task.projectId.equals(job.projectId())) {
                throw InvalidField.unknownReference(field, outcome.taskId());
            }
            if (outcome.status() != null || outcome.verificationStatus() != null) {
                if (outcome.status() != null) {
                    task.status = outcome.status();
                }
                if (outcome.verificationStatus() != null) {
                    task.verificationStatus = outcome.verificationStatus();
                }
                task.updatedAt = now;
            }
            if (outcome.issue() != null) {
                remember(job.connectionId(), task.id, outcome.issue(), now);
            }
        }
    }

    /** Every outcome's own rules, before any task is read or written: the write is all of them or none. */
    private static void check(List<TaskOutcome> outcomes) {
        for (int i = 0; i < outcomes.size(); i++) {
            TaskOutcome outcome = outcomes.get(i);
            if (outcome.taskId() == null) {
                throw InvalidField.required("tasks[" + i + "].id");
            }
            IssueLink issue = outcome.issue();
            if (issue != null) {
                String key = "tasks[" + i + "].alm_issue.key";
                if (issue.key() == null || issue.key().isBlank()) {
                    throw InvalidField.required(key);
                }
                Texts.bounded(key, issue.key(), Texts.NAME_MAX);
                Texts.bounded("tasks[" + i + "].alm_issue.url", issue.url(), Texts.URL_MAX);
            }
        }
    }

    private static void remember(long connectionId, long taskId, IssueLink link, Instant now) {
        AlmIssue mapping = AlmIssue.find("connectionId = ?1 and taskId = ?2", connectionId, taskId).firstResult();
        if (mapping == null) {
            mapping = new AlmIssue();
            mapping.connectionId = connectionId;
            mapping.taskId = taskId;
        }
        mapping.issueKey = link.key();
        mapping.issueUrl = link.url() == null ? "" : link.url();
        mapping.syncedDone = link.syncedDone();
        mapping.syncedAt = now;
        mapping.persist();
    }

    /** The job, if the calling agent holds its run now. */
    private JobRecord held(Actor caller, long jobId) {
        JobRecord job = records.job(jobId).orElseThrow(NotFound::new);
        if (job.teamId() != caller.teamId()) {
            throw new ForeignRecord();
        }
        if (!caller.isAgent()) {
            throw new Forbidden();
        }
        if (!RunnerProcess.agentClaimant(caller.remoteciId()).equals(job.claimedBy())
                || !JobTransitions.RUN_ACTIVE.contains(job.status())) {
            throw new Conflict("Job " + jobId + " is not running on this agent.");
        }
        return job;
    }
}
