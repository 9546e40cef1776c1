package io.synclane.stack;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.Properties;

/**
 * A PostgreSQL server the stack uses, and how it was found.
 *
 * @param parameters the JDBC URL's query ({@code sslmode=require&...}) kept from {@code SYNCLANE_DB_URL}
 *                   for every database on that server; empty for none
 */
public record PostgresEndpoint(String host, int port, String user, String password, String description,
        String parameters) {

    public PostgresEndpoint(String host, int port, String user, String password, String description) {
        this(host, port, user, password, description, "");
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database + (parameters.isEmpty() ? "" : "?" + parameters);
    }

    public boolean answers() {
        return problem().isEmpty();
    }

    /** Why connecting to the {@code postgres} database fails, if it does. */
    public Optional<SQLException> problem() {
        try (Connection ignored = connect("postgres")) {
            return Optional.empty();
        } catch (SQLException e) {
            return Optional.of(e);
        }
    }

    public void createDatabaseIfMissing(String name) throws SQLException {
        String quoted = quote(name);
        try (Connection connection = connect("postgres");
                PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, name);
            try (ResultSet rs = exists.executeQuery()) {
                if (!rs.next()) {
                    try (Statement create = connection.createStatement()) {
                        create.execute("CREATE DATABASE " + quoted);
                    }
                }
            }
        }
    }

    /** An empty database of that name, whatever was there before. */
    public void recreateDatabase(String name) throws SQLException {
        String quoted = quote(name);
        try (Connection connection = connect("postgres"); Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + quoted + " WITH (FORCE)");
            statement.execute("CREATE DATABASE " + quoted);
        }
    }

    public Connection connect(String database) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("password", password);
        // A port that accepts but never answers must not stall the launcher or a test for long.
        props.setProperty("connectTimeout", "5");
        props.setProperty("loginTimeout", "10");
        return DriverManager.getConnection(jdbcUrl(database), props);
    }

    private static String quote(String identifier) {
        if (!identifier.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("not a plain database name: " + identifier);
        }
        return "\"" + identifier + "\"";
    }
}
