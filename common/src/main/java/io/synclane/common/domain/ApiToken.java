package io.synclane.common.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** An API key of a user, kept only as its SHA-256 digest (see {@link ApiKeys}). */
@Entity
@Table(name = "api_token")
public class ApiToken extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "user_id")
    public Long userId;

    @Column(name = "key_hash")
    public byte[] keyHash;

    /** The key's first characters, so a person can tell their tokens apart without the key. */
    @Column(name = "key_prefix")
    public String keyPrefix;

    public String name = "";

    @Column(name = "created_at", updatable = false)
    public Instant createdAt = Instant.now();

    @Column(name = "last_used_at")
    public Instant lastUsedAt;
}
