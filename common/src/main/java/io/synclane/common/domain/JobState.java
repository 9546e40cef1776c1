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

/** One status change of a job, in the order it happened. */
@Entity
@Table(name = "job_state")
public class JobState extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "job_id")
    public Long jobId;

    public JobStatus status;

    public String comment = "";

    @Column(name = "created_at", updatable = false)
    public Instant createdAt = Instant.now();

    public static List<JobState> listForJob(long jobId) {
        return list("jobId = ?1 order by id", jobId);
    }
}
