package io.synclane.stack;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the PostgreSQL to use, in this order: {@code SYNCLANE_DB_URL} (with {@code SYNCLANE_DB_USER},
 * {@code SYNCLANE_DB_PASSWORD}) when set; else one answering on 127.0.0.1:5432 (same user and password, or
 * {@code postgres} and none); else an {@link EmbeddedPostgres}. {@code SYNCLANE_DB_EMBEDDED=1} skips the
 * second, so the embedded path can be used on a machine that has a PostgreSQL.
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

    /**
     * The configured or local server, else the embedded one in {@code embeddedHome} on {@code embeddedPort}:
     * reused when it already runs there, else unpacked, initialised (first time) and started.
     */
    public PostgresServer resolve(Path embeddedHome, int embeddedPort) throws IOException, InterruptedException {
        Optional<PostgresEndpoint> located = locate();
        if (located.isPresent()) {
            return new PostgresServer(located.get(), Optional.empty());
        }
        EmbeddedPostgres embedded = new EmbeddedPostgres(embeddedHome, embeddedPort);
        embedded.start();
        return new PostgresServer(embedded.endpoint(), Optional.of(embedded));
    }

    /** The database {@code SYNCLANE_DB_URL} names, if it names one. */
    public Optional<String> configuredDatabase() {
        String url = env.get("SYNCLANE_DB_URL");
        if (url == null || url.isBlank()) {
            return Optional.empty();
        }
        String path = parse(url).getPath();
        return path == null || path.length() <= 1 ? Optional.empty() : Optional.of(path.substring(1));
    }

    /** The configured or local server; empty when none answers (or embedded is forced). */
    public Optional<PostgresEndpoint> locate() {
        String user = env.getOrDefault("SYNCLANE_DB_USER", "postgres");
        String password = env.getOrDefault("SYNCLANE_DB_PASSWORD", "");
        String url = env.get("SYNCLANE_DB_URL");
        if (url != null && !url.isBlank()) {
            URI uri = parse(url);
            int port = uri.getPort() == -1 ? 5432 : uri.getPort();
            // The description leaves the query out: it may carry a password.
            return Optional.of(new PostgresEndpoint(uri.getHost(), port, user, password,
                    "SYNCLANE_DB_URL (" + uri.getHost() + ":" + port + uri.getPath() + ")",
                    uri.getRawQuery() == null ? "" : uri.getRawQuery()));
        }
        if (embeddedForced()) {
            return Optional.empty();
        }
        PostgresEndpoint local = new PostgresEndpoint("127.0.0.1", 5432, user, password,
                "local PostgreSQL on 127.0.0.1:5432");
        Optional<java.sql.SQLException> problem = local.problem();
        if (problem.isEmpty()) {
            return Optional.of(local);
        }
        // Class 08 is "nothing there"; anything else (a password asked for, a role missing) deserves a word.
        String state = problem.get().getSQLState();
        if (state == null || !state.startsWith("08")) {
            System.err.println("PostgreSQL on 127.0.0.1:5432 answers but refused " + user + " ("
                    + problem.get().getMessage() + "); using the embedded one. Set SYNCLANE_DB_USER and "
                    + "SYNCLANE_DB_PASSWORD to use that server.");
        }
        return Optional.empty();
    }

    /** {@code jdbc:postgresql://host[:port]/db?...} as a URI; anything else is a configuration error. */
    private static URI parse(String url) {
        String plain = url.startsWith("jdbc:") ? url.substring("jdbc:".length()) : url;
        URI uri = URI.create(plain);
        if (!"postgresql".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("SYNCLANE_DB_URL is not a jdbc:postgresql://host[:port]/database URL: "
                    + url);
        }
        return uri;
    }
}
