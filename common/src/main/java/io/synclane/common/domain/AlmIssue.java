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
 * The ALM issue of a task for one connection, with whether both sides were done at the last sync: a side
 * that differs from {@code syncedDone} now is a side that changed since.
 */
@Entity
@Table(name = "alm_issue")
public class AlmIssue extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "connection_id")
    public Long connectionId;

    /** The task row's id (not its catalogue id). */
    @Column(name = "task_id")
    public Long taskId;

    @Column(name = "issue_key")
    public String issueKey;

    @Column(name = "issue_url")
    public String issueUrl = "";

    @Column(name = "synced_done")
    public boolean syncedDone;

    @Column(name = "synced_at")
    public Instant syncedAt = Instant.now();

    public static List<AlmIssue> listForConnection(long connectionId) {
        return list("connectionId", connectionId);
    }
}
