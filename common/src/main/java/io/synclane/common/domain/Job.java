package io.synclane.common.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One sync or import of a connection, as read by the faces and the tests. Its rows are written only by
 * {@code JobStore}, which moves the status as {@code JobTransitions} allows and records every move as a
 * {@link JobState} and a {@code job-events} message.
 */
@Entity
@Table(name = "job")
public class Job extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "team_id")
    public Long teamId;

    @Column(name = "project_id")
    public Long projectId;

    @Column(name = "connection_id")
    public Long connectionId;

    public ConnectionKind kind;

    public JobStatus status;

    /** Started by a person or client, as opposed to the scheduler. */
    public boolean manual;

    @Column(name = "user_id")
    public Long userId;

    @Column(name = "result_message")
    public String resultMessage = "";

    /** How many times a worker has claimed it. */
    public int attempt;

    @Column(name = "claimed_by")
    public String claimedBy;

    @Column(name = "lease_until")
    public Instant leaseUntil;

    /** When a job that failed in a way that may pass on retry is requested again. */
    @Column(name = "retry_at")
    public Instant retryAt;

    /** Run by a remote agent (its connector is inaccessible): never handed to the internal workers. */
    @Column(name = "remote_agent")
    public boolean remoteAgent;

    /** The schedule slot a scheduled job is for; null for jobs started by hand. */
    public Instant slot;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "finished_at")
    public Instant finishedAt;

    /** The SDE faces' {@code last_run}: when it last finished, else when it last started or was made. */
    public Instant lastRun() {
        return lastRun(finishedAt, startedAt, createdAt);
    }

    /** {@link #lastRun()} of a job read without its entity. */
    public static Instant lastRun(Instant finishedAt, Instant startedAt, Instant createdAt) {
        if (finishedAt != null) {
            return finishedAt;
        }
        return startedAt != null ? startedAt : createdAt;
    }

    public static Job findForTeam(long id, long teamId, ConnectionKind kind) {
        return find("id = ?1 and teamId = ?2 and kind = ?3", id, teamId, kind).firstResult();
    }
}
