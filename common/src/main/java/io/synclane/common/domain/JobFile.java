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

/** A log or report attached to a job. */
@Entity
@Table(name = "job_file")
public class JobFile extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "job_id")
    public Long jobId;

    @Column(name = "job_state_id")
    public Long jobStateId;

    public String name;

    public String mime;

    public long size;

    public String md5;

    public byte[] content;

    @Column(name = "created_at", updatable = false)
    public Instant createdAt = Instant.now();

    public static List<JobFile> listForJob(long jobId) {
        return list("jobId = ?1 order by id", jobId);
    }
}
