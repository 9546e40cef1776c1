package io.synclane.api.service;

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

/** {@code synclane_remote_agents_seen{window="5m"}}: remote agents that signed a request in the last five minutes. */
@ApplicationScoped
public class RemoteAgentsSeen {
    private final DataSource dataSource;

    public RemoteAgentsSeen(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    void register(@Observes StartupEvent event, MeterRegistry meters) {
        Gauge.builder("synclane.remote.agents.seen", this, RemoteAgentsSeen::lastFiveMinutes).tag("window", "5m")
                .description("Remote agents seen (signed in) in the window").register(meters);
    }

    double lastFiveMinutes() {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(
                        "SELECT count(*) FROM remoteci WHERE last_seen_at > now() - interval '5 minutes'")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            return Double.NaN;
        }
    }
}
