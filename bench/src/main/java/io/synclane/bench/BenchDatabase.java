package io.synclane.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.synclane.stack.PostgresEndpoint;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.flywaydb.core.Flyway;

/**
 * One benchmark database on the shared PostgreSQL: created empty, migrated with the services' own Flyway
 * scripts, seeded with one team whose admin holds {@link #API_KEY}, and dropped at the end.
 */
final class BenchDatabase implements AutoCloseable {
    /**
     * Marks the bench's own SQL, so the per-job accounting ({@link PipelineCounters}) can leave it out:
     * pg_stat_statements keeps a statement's leading comment in its text.
     */
    static final String OWN_SQL = "/* bench */ ";
    /** The bench's API key; only its SHA-256 digest is stored, as for every key. */
    static final String API_KEY = "synclane-bench-key-0123456789abcdef";

    final PostgresEndpoint postgres;
    final String name;
    /** The bench's connections' {@code application_name}, by which its backends' CPU is told apart. */
    static final String APPLICATION = "synclane-bench";
    final HikariDataSource pool;
    /** Statements run by {@link #execute} and {@link #queryLong}, each its own transaction (autocommit). */
    final AtomicLong ownStatements = new AtomicLong();

    private BenchDatabase(PostgresEndpoint postgres, String name, HikariDataSource pool) {
        this.postgres = postgres;
        this.name = name;
        this.pool = pool;
    }

    /** A fresh, empty database (no Synclane schema) with a pool of {@code poolSize} connections. */
    static BenchDatabase empty(PostgresEndpoint postgres, String name, int poolSize) throws SQLException {
        postgres.recreateDatabase(name);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(postgres.jdbcUrl(name));
        config.setUsername(postgres.user());
        config.setPassword(postgres.password());
        config.setMaximumPoolSize(poolSize);
        config.setPoolName(name);
        config.addDataSourceProperty("ApplicationName", APPLICATION);
        return new BenchDatabase(postgres, name, new HikariDataSource(config));
    }

    /** A fresh database with the Synclane schema, one team, its admin and a {@code noop} analysis connector. */
    static BenchDatabase synclane(PostgresEndpoint postgres, Path home, String name, int poolSize) throws Exception {
        BenchDatabase db = empty(postgres, name, poolSize);
        Flyway.configure().dataSource(db.pool)
                .locations("filesystem:" + home.resolve("common/src/main/resources/db/migration"))
                .load().migrate();
        db.execute("INSERT INTO team (name) VALUES ('bench')",
                "INSERT INTO app_user (team_id, email, is_admin) SELECT id, 'bench@example.test', true FROM team",
                "INSERT INTO project (team_id, name) SELECT id, 'bench' FROM team",
                "INSERT INTO connector (team_id, kind, name, system) SELECT id, 'analysis', 'noop', 'noop' FROM team");
        try (Connection c = db.pool.getConnection(); PreparedStatement token = c.prepareStatement(
                "INSERT INTO api_token (user_id, key_hash, key_prefix) SELECT id, ?, 'synclane-' FROM app_user")) {
            token.setBytes(1, MessageDigest.getInstance("SHA-256").digest(API_KEY.getBytes(StandardCharsets.UTF_8)));
            token.executeUpdate();
        }
        return db;
    }

    /** Adds {@code count} analysis connections of the noop connector with this frequency. */
    void addConnections(int count, String frequency) throws SQLException {
        try (Connection c = pool.getConnection(); PreparedStatement insert = c.prepareStatement("""
                INSERT INTO connection (team_id, project_id, connector_id, kind, alias, frequency)
                SELECT t.id, p.id, c.id, 'analysis', 'bench-' || g, ? FROM team t, project p, connector c,
                       generate_series(1, ?) g""")) {
            insert.setString(1, frequency);
            insert.setInt(2, count);
            insert.executeUpdate();
        }
        execute("ANALYZE connection");
    }

    void execute(String... statements) throws SQLException {
        try (Connection c = pool.getConnection(); Statement statement = c.createStatement()) {
            for (String sql : statements) {
                ownStatements.incrementAndGet();
                statement.execute(OWN_SQL + sql);
            }
        }
    }

    /**
     * The server's processes by pid, each named by its client's {@code application_name} (the services set theirs)
     * or, for the server's own processes and unnamed clients, its backend type. Empty if it cannot be read.
     */
    Map<Long, String> postgresProcesses() {
        Map<Long, String> processes = new HashMap<>();
        try (Connection c = pool.getConnection(); ResultSet rs = c.createStatement().executeQuery(
                "/* bench */ SELECT pid, coalesce(nullif(application_name, ''), backend_type) FROM pg_stat_activity")) {
            while (rs.next()) {
                processes.put(rs.getLong(1), rs.getString(2));
            }
        } catch (SQLException e) {
            return Map.of();
        }
        return processes;
    }

    long queryLong(String sql) throws SQLException {
        ownStatements.incrementAndGet();
        try (Connection c = pool.getConnection(); Statement statement = c.createStatement();
                ResultSet result = statement.executeQuery(OWN_SQL + sql)) {
            result.next();
            return result.getLong(1);
        }
    }

    @Override
    public void close() throws SQLException {
        pool.close();
        if ("1".equals(System.getenv("BENCH_KEEP_DB"))) {
            return; // kept for a look afterwards (bench/README.md)
        }
        try (Connection admin = postgres.connect("postgres"); Statement statement = admin.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)");
        }
    }
}
