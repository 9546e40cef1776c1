package io.synclane.worker.service;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code synclane_scheduler_lag_seconds}: now minus the oldest slot that is due and has no job yet (0 when none
 * is), read from the connections' {@code next_run}. It grows when the schedulers fall behind (a storm of due syncs,
 * every worker down). Not in a remote agent, which has no database.
 */
@ApplicationScoped
public class SchedulerLag {
    private final DataSource dataSource;
    private final boolean agent;

    public SchedulerLag(DataSource dataSource, @ConfigProperty(name = "synclane.agent.enabled", defaultValue = "false")
            boolean agent) {
        this.dataSource = dataSource;
        this.agent = agent;
    }

    void register(@Observes StartupEvent event, MeterRegistry meters) {
        if (agent) {
            return;
        }
        Gauge.builder("synclane.scheduler.lag", this, SchedulerLag::seconds).baseUnit("seconds")
                .description("Now minus the oldest due schedule slot not yet turned into a job").register(meters);
    }

    double seconds() {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("""
                        SELECT coalesce(extract(epoch FROM now() - min(next_run)), 0) FROM connection
                        WHERE frequency <> 'manually' AND NOT schedule_paused AND next_run IS NOT NULL
                          AND next_run <= now()""")) {
            rs.next();
            return Math.max(0, rs.getDouble(1));
        } catch (SQLException e) {
            return Double.NaN;
        }
    }
}
