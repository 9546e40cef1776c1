package io.synclane.bench;

import io.synclane.stack.KafkaBroker;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;

/**
 * What a Synclane job costs the stores, counted between two snapshots: SQL statements (pg_stat_statements,
 * where the server preloads it), rows written per table and commits (PostgreSQL's cumulative statistics of the
 * bench database) and Kafka records (the end offsets of the job topics). The bench's own SQL is left out: its
 * statements carry {@link BenchDatabase#OWN_SQL} and its transactions are counted by {@link BenchDatabase}.
 */
final class PipelineCounters implements AutoCloseable {
    /** The tables a job writes, shown one by one; the total covers every table of the database. */
    static final List<String> TABLES = List.of("job", "job_state", "job_run", "job_file", "outbox");
    /** The tables that grow with every job, measured after the drain. */
    static final List<String> SIZED = List.of("outbox", "job_state", "job_run");
    private static final List<String> TOPICS = List.of("job-requests", "job-events");
    /**
     * A backend flushes its table and transaction counts at most once a second; one that went idle within a
     * second of its last flush holds them for 10 s (PostgreSQL 15's PGSTAT_IDLE_INTERVAL). Wait that out.
     */
    private static final long FLUSH_WAIT_MILLIS = 11_000;

    record Snapshot(Map<String, StatementCalls> statements, Map<String, Long> rowsWritten, long commits,
            long kafkaRecords, long benchTransactions) {
    }

    record StatementCalls(String query, long calls) {
    }

    record TopStatement(double callsPerJob, String query) {
    }

    record TableSize(long rows, long bytes) {
    }

    /**
     * Per triggered job. {@code statements} is empty when pg_stat_statements cannot be read, and
     * {@code statementsUnavailable} says why; {@code rowsWritten} has {@link #TABLES}, any other table written
     * to, and {@code total}.
     */
    record PerJob(long jobs, Optional<Double> statements, String statementsUnavailable, List<TopStatement> top,
            Map<String, Double> rowsWritten, double commits, double kafkaRecords, long jobsAfterDrain,
            Map<String, TableSize> sizesAfterDrain) {
    }

    private final BenchDatabase db;
    private final Admin kafka;
    private final List<TopicPartition> partitions = new ArrayList<>();
    private final String statementsUnavailable;

    private PipelineCounters(BenchDatabase db, Admin kafka, String statementsUnavailable) throws Exception {
        this.db = db;
        this.kafka = kafka;
        this.statementsUnavailable = statementsUnavailable;
        Map<String, TopicDescription> topics = kafka.describeTopics(TOPICS).allTopicNames().get(30, TimeUnit.SECONDS);
        topics.values().forEach(topic -> topic.partitions()
                .forEach(p -> partitions.add(new TopicPartition(topic.name(), p.partition()))));
    }

    /** Counters for the bench database and the stack's broker ({@link KafkaBroker#bootstrap()}). */
    static PipelineCounters open(BenchDatabase db, String kafkaBootstrap) throws Exception {
        Admin kafka = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrap));
        try {
            return new PipelineCounters(db, kafka, probeStatements(db));
        } catch (Exception e) {
            kafka.close();
            throw e;
        }
    }

    /**
     * The extension installs without being preloaded, but its view then refuses to answer: only reading it
     * tells. Null when it answers, else why not. The server's configuration is left alone (bench/README.md).
     */
    private static String probeStatements(BenchDatabase db) {
        try (Connection c = db.pool.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            s.executeQuery("SELECT count(*) FROM pg_stat_statements").close();
            return null;
        } catch (SQLException e) {
            String message = String.valueOf(e.getMessage());
            return message.contains("shared_preload_libraries") ? "pg_stat_statements not preloaded"
                    : "pg_stat_statements: " + message.lines().findFirst().orElse("");
        }
    }

    Snapshot snapshot() throws Exception {
        Thread.sleep(FLUSH_WAIT_MILLIS);
        Map<String, StatementCalls> statements = new HashMap<>();
        Map<String, Long> rows = new LinkedHashMap<>();
        long commits;
        try (Connection c = db.pool.getConnection()) {
            c.setAutoCommit(false); // one transaction, subtracted below, for all three reads
            try (Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery(BenchDatabase.OWN_SQL
                        + "SELECT relname, n_tup_ins + n_tup_upd + n_tup_del FROM pg_stat_user_tables")) {
                    while (rs.next()) {
                        rows.put(rs.getString(1), rs.getLong(2));
                    }
                }
                try (ResultSet rs = s.executeQuery(BenchDatabase.OWN_SQL
                        + "SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()")) {
                    rs.next();
                    commits = rs.getLong(1);
                }
                if (statementsUnavailable == null) {
                    try (ResultSet rs = s.executeQuery(BenchDatabase.OWN_SQL + """
                            SELECT userid || '/' || queryid || '/' || toplevel, query, calls FROM pg_stat_statements
                            WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
                              AND query NOT LIKE '/* bench */%'""")) {
                        while (rs.next()) {
                            statements.put(rs.getString(1), new StatementCalls(rs.getString(2), rs.getLong(3)));
                        }
                    }
                }
            }
            c.commit();
        }
        long records = kafka.listOffsets(partitions.stream()
                        .collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest())))
                .all().get(30, TimeUnit.SECONDS).values().stream().mapToLong(o -> o.offset()).sum();
        return new Snapshot(statements, rows, commits, records, db.ownStatements.get());
    }

    /** The work between two snapshots divided by the jobs triggered in between; the sizes are read now. */
    PerJob perJob(Snapshot start, Snapshot end, long jobs) throws SQLException {
        double per = Math.max(jobs, 1);
        Optional<Double> statements = Optional.empty();
        List<TopStatement> top = List.of();
        if (statementsUnavailable == null) {
            Map<String, Long> calls = new HashMap<>();
            end.statements().forEach((key, e) -> calls.put(key,
                    e.calls() - Optional.ofNullable(start.statements().get(key)).map(StatementCalls::calls).orElse(0L)));
            statements = Optional.of(calls.values().stream().mapToLong(Long::longValue).sum() / per);
            top = calls.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(5)
                    .map(e -> new TopStatement(e.getValue() / per, end.statements().get(e.getKey()).query()))
                    .toList();
        }
        Map<String, Double> rows = new LinkedHashMap<>();
        long total = 0;
        for (String table : TABLES) {
            rows.put(table, 0.0);
        }
        for (Map.Entry<String, Long> table : end.rowsWritten().entrySet().stream()
                .sorted(Comparator.comparing(Map.Entry::getKey)).toList()) {
            long written = table.getValue() - start.rowsWritten().getOrDefault(table.getKey(), 0L);
            total += written;
            if (written != 0 || TABLES.contains(table.getKey())) {
                rows.put(table.getKey(), written / per);
            }
        }
        rows.put("total", total / per);
        // The bench's own autocommit reads and the start snapshot's transaction are not the pipeline's.
        long commits = end.commits() - start.commits() - (end.benchTransactions() - start.benchTransactions()) - 1;
        return new PerJob(jobs, statements, statementsUnavailable, top, rows, commits / per,
                (end.kafkaRecords() - start.kafkaRecords()) / per, db.queryLong("SELECT count(*) FROM job"), sizes());
    }

    private Map<String, TableSize> sizes() throws SQLException {
        Map<String, TableSize> sizes = new LinkedHashMap<>();
        for (String table : SIZED) {
            long rows = db.queryLong("SELECT count(*) FROM " + table);
            sizes.put(table, new TableSize(rows, db.queryLong("SELECT pg_total_relation_size('" + table + "')")));
        }
        return sizes;
    }

    @Override
    public void close() {
        kafka.close();
    }
}
