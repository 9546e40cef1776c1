package io.synclane.stack;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the PostgreSQL to use: {@code SYNCLANE_DB_URL} when set, else one answering on 127.0.0.1:5432.
 * (The embedded fallback is {@link EmbeddedPostgres}, started by the caller when this finds none.)
 */
public final class PostgresLocator {
    private final Map<String, String> env;

    public PostgresLocator(Map<String, String> env) {
        this.env = env;
    }

    public static PostgresLocator fromEnvironment() {
        return new PostgresLocator(System.getenv());
    }

    public boolean embeddedForced() {
        return "1".equals(env.get("SYNCLANE_DB_EMBEDDED"));
    }

    /** The configured or local server; empty when none answers (or embedded is forced). */
    public Optional<PostgresEndpoint> locate() {
        String user = env.getOrDefault("SYNCLANE_DB_USER", "postgres");
        String password = env.getOrDefault("SYNCLANE_DB_PASSWORD", "");
        String url = env.get("SYNCLANE_DB_URL");
        if (url != null && !url.isBlank()) {
            URI uri = URI.create(url.substring("jdbc:".length()));
            return Optional.of(new PostgresEndpoint(uri.getHost(), uri.getPort() == -1 ? 5432 : uri.getPort(), user,
                    password, "SYNCLANE_DB_URL (" + url + ")"));
        }
        if (embeddedForced()) {
            return Optional.empty();
        }
        PostgresEndpoint local = new PostgresEndpoint("127.0.0.1", 5432, user, password,
                "local PostgreSQL on 127.0.0.1:5432");
        return local.answers() ? Optional.of(local) : Optional.empty();
    }
}
