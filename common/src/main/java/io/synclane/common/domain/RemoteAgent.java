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
 * A remote agent (DCI's "remoteci"): a machine on a team's own network that runs the jobs of inaccessible
 * connectors. Its api_secret is never stored; {@link #secretNonce} and the service's agent key derive it.
 */
@Entity
@Table(name = "remoteci")
public class RemoteAgent extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "team_id")
    public Long teamId;

    public String name;

    /** {@code active} or {@code inactive}: an inactive agent cannot sign in. */
    public String state = "active";

    @Column(name = "secret_nonce")
    public byte[] secretNonce;

    @Column(name = "secret_digest")
    public byte[] secretDigest;

    @Column(name = "created_at", updatable = false)
    public Instant createdAt = Instant.now();

    @Column(name = "updated_at")
    public Instant updatedAt = Instant.now();

    @Column(name = "last_seen_at")
    public Instant lastSeenAt;

    public boolean active() {
        return "active".equals(state);
    }

    @Override
    public String toString() {
        return "RemoteAgent[id=" + id + ", teamId=" + teamId + ", name=" + name + ", state=" + state + "]";
    }
}
