package io.synclane.common.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A security team: the boundary of visibility. No record of another team is ever shown. */
@Entity
@Table(name = "team")
public class Team extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String name;

    /** The advanced-ALM feature allows scheduled (non-manual) connection frequencies. */
    @Column(name = "advanced_alm")
    public boolean advancedAlm;

    @Column(name = "created_at", updatable = false)
    public Instant createdAt = Instant.now();

    public static Team findByName(String name) {
        return find("name", name).firstResult();
    }
}
