package io.synclane.common.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A connector bound to one project, with its own params and how often it syncs. */
@Entity
@Table(name = "connection")
public class Connection extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "team_id")
    public Long teamId;

    @Column(name = "project_id")
    public Long projectId;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "connector_id")
    public Connector connector;

    public ConnectionKind kind;

    public String alias;

    public Frequency frequency = Frequency.MANUALLY;

    @Column(name = "debug_mode")
    public boolean debugMode;

    /** Own params; they override the connector's (see {@link #effectiveParams()}). */
    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> params = new HashMap<>();

    /** A paused connection keeps its frequency but the scheduler leaves it alone. */
    @Column(name = "schedule_paused")
    public boolean schedulePaused;

    @Column(name = "schedule_timezone")
    public String scheduleTimezone = "UTC";

    @Column(name = "schedule_minute")
    public int scheduleMinute;

    @Column(name = "schedule_hour")
    public int scheduleHour;

    @Column(name = "schedule_day")
    public int scheduleDay = 1;

    /** The next slot the scheduler will make a job for; null for manual connections. */
    @Column(name = "next_run")
    public Instant nextRun;

    /** Slots the scheduler skipped because a job of this connection was still running. */
    @Column(name = "skipped_runs")
    public int skippedRuns;

    @Column(name = "created_at", updatable = false)
    public Instant createdAt = Instant.now();

    @Column(name = "updated_at")
    public Instant updatedAt = Instant.now();

    /** The params a run uses: the connector's, overridden key by key by the connection's own. */
    public Map<String, Object> effectiveParams() {
        return effectiveParams(connector.params, params);
    }

    /** {@link #effectiveParams()} of a connection read without its entity. */
    public static Map<String, Object> effectiveParams(Map<String, Object> connectorParams, Map<String, Object> own) {
        Map<String, Object> merged = new HashMap<>(connectorParams);
        merged.putAll(own);
        return merged;
    }

    /** The schedule's slots, or empty for a manual connection. */
    public Optional<ScheduleSlots> slots() {
        if (frequency == Frequency.MANUALLY) {
            return Optional.empty();
        }
        return Optional.of(new ScheduleSlots(frequency, ZoneId.of(scheduleTimezone), scheduleMinute, scheduleHour,
                scheduleDay));
    }

    /** Points {@link #nextRun} at the first slot after the instant (none when manual). */
    public void planNextRun(Instant after) {
        nextRun = slots().map(s -> s.slotAfter(after)).orElse(null);
    }

    public String command() {
        return kind.command(connector.system);
    }

    /** With its connector loaded: every view of a connection shows the connector's system. */
    public static Connection findForTeam(long id, long teamId, ConnectionKind kind) {
        return find("from Connection c join fetch c.connector where c.id = ?1 and c.teamId = ?2 and c.kind = ?3",
                id, teamId, kind).firstResult();
    }
}
