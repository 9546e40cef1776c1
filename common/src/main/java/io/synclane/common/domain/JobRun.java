package io.synclane.common.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;

/**
 * One attempt at executing a job, by one worker process ({@code job_type} {@code automation}), or one attempt at
 * sending a notification about it ({@code notification}): see {@code JobRunType}.
 */
@Entity
@Table(name = "job_run")
public class JobRun extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "job_id")
    public Long jobId;

    public int attempt;

    /** The host of the process that ran it. */
    public String host = "";

    /** The operating-system id of the process that ran it; null when its runner did not say. */
    @Column(name = "process_id")
    public Long processId;

    /** Unique per attempt, drawn by the table: names the attempt in logs and on the RPM face. */
    @Column(name = "run_key", insertable = false, updatable = false)
    public Long runKey;

    public JobStatus status;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "finished_at")
    public Instant finishedAt;

    public String stdout = "";

    public String stderr = "";

    /** {@code automation} or {@code notification}, as {@code JobRunType} words it. */
    @Column(name = "job_type", insertable = false, updatable = false)
    public String jobType;

    /** The job's own attempts, oldest first (not the notifications sent about it). */
    public static List<JobRun> listForJob(long jobId) {
        return list("jobId = ?1 and jobType = 'automation' order by id", jobId);
    }

    /** The notification attempts about the job, oldest first. */
    public static List<JobRun> listNotificationsForJob(long jobId) {
        return list("jobId = ?1 and jobType = 'notification' order by id", jobId);
    }
}
