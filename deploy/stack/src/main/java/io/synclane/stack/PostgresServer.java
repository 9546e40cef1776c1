package io.synclane.stack;

import java.io.IOException;
import java.sql.SQLException;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The PostgreSQL {@link PostgresLocator#resolve} settled on: where it is, and, when it is the embedded one,
 * the handle to its process. A configured or local server is not ours to stop.
 */
public record PostgresServer(PostgresEndpoint endpoint, Optional<EmbeddedPostgres> embedded) {

    public String description() {
        return endpoint.description();
    }

    public String jdbcUrl(String database) {
        return endpoint.jdbcUrl(database);
    }

    public void createDatabaseIfMissing(String name) throws SQLException {
        endpoint.createDatabaseIfMissing(name);
    }

    public void recreateDatabase(String name) throws SQLException {
        endpoint.recreateDatabase(name);
    }

    public boolean isEmbedded() {
        return embedded.isPresent();
    }

    /** The embedded postmaster's pid; empty for a server we did not start. */
    public OptionalLong pid() {
        return embedded.map(EmbeddedPostgres::pid).orElse(OptionalLong.empty());
    }

    /** Stops the embedded server (its data stays); does nothing for any other. */
    public void stop() throws IOException, InterruptedException {
        if (embedded.isPresent()) {
            embedded.get().stop();
        }
    }
}
