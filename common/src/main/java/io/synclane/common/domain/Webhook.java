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
 * A team's job-end notification: a signed POST to {@link #url} when one of its jobs ends in one of {@link #statuses}
 * (of one of {@link #connectionIds}; none: any). Its signing secret is never stored: {@link #secretNonce} and the
 * services' notifications key derive it ({@code common.notification.WebhookSecrets}).
 */
@Entity
@Table(name = "webhook")
public class Webhook extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "team_id")
    public Long teamId;

    public String url;

    /** The ended statuses that notify, as {@link JobStatus#wire()} words them. */
    public String[] statuses = new String[0];

    /** The team's connections whose jobs notify; empty for all of them. */
    @Column(name = "connection_ids")
    public long[] connectionIds = new long[0];

    public boolean active = true;

    @Column(name = "secret_nonce")
    public byte[] secretNonce;

    @Column(name = "created_at", updatable = false)
    public Instant createdAt = Instant.now();

    @Column(name = "updated_at")
    public Instant updatedAt = Instant.now();

    @Override
    public String toString() {
        return "Webhook[id=" + id + ", teamId=" + teamId + ", active=" + active + "]"; // never the URL's secrets
    }
}
