package io.synclane.bench;

import io.synclane.stack.PostgresEndpoint;
import io.synclane.stack.ServiceProcess;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Synclane end to end: jobs of {@code noop} connections triggered with {@code POST /api/v2/connections/analysis/{id}/sync/},
 * through the api-service's outbox, Kafka, a worker's claim and run, to {@code success}. Two measurements on one
 * stack: sustained throughput with a fixed number of requests in flight, and trigger-to-running latency at a
 * fixed trigger rate, read from the job's own {@code scheduled} and {@code running} state timestamps.
 */
final class EndToEndBench {
    /** Enough connections that no two jobs of one connection meet (a connection runs one job at a time). */
    static final int CONNECTIONS = 20_000;
    /** Unfinished jobs the closed loop allows: enough to keep every worker slot busy, few enough to be steady. */
    static final int BACKLOG = 500;
    private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(5);
    /** The topic the api's relay sends job requests to (Topics.JOB_REQUESTS; the bench does not link common). */
    private static final String JOB_REQUESTS = "job-requests";
    private static final Pattern JOB_ID = Pattern.compile("\"job_id\"\\s*:\\s*(\\d+)");
    private static final Duration WARM_UP_ROUND = Duration.ofSeconds(10);
    /** A service whose JIT compilers take at most this share of its CPU is warm. */
    private static final double SETTLED = 0.05;
    private static final String UNFINISHED =
            "SELECT count(*) FROM job WHERE status NOT IN ('success', 'failure', 'error', 'killed')";

    record Throughput(double jobsPerSecond, long finishedInWindow, double triggersPerSecond, long rejected,
            Duration window, Duration drainAfter, long notSucceeded, Map<String, Double> cpuMillisPerJob,
            PipelineCounters.PerJob perJob) {
    }

    /**
     * Trigger to running, and its two legs: to the job request's Kafka record (its producer's timestamp: the api's
     * commit and relay round) and from there to running (the broker, the worker's poll and its claim).
     */
    record Latency(int rate, Percentiles toRunning, Percentiles toPublished, Percentiles publishedToRunning,
            Percentiles httpResponse, long rejected) {
    }

    record Result(Throughput throughput, Latency latency) {
    }

    private final BenchDatabase db;
    private final TriggerClient http;
    private final String kafkaBootstrap;
    private final List<URI> syncUris = new ArrayList<>();
    private final AtomicLong next = new AtomicLong();

    private final CpuMeter cpu;

    private EndToEndBench(BenchDatabase db, ServiceProcess api, CpuMeter cpu, TriggerClient http,
            String kafkaBootstrap) throws Exception {
        this.db = db;
        this.kafkaBootstrap = kafkaBootstrap;
        this.http = http;
        this.cpu = cpu;
        try (Connection c = db.pool.getConnection();
                ResultSet ids = c.createStatement().executeQuery("SELECT id FROM connection ORDER BY id")) {
            while (ids.next()) {
                syncUris.add(URI.create(api.baseUrl() + "/api/v2/connections/analysis/" + ids.getLong(1) + "/sync/"));
            }
        }
    }

    static Result run(PostgresEndpoint postgres, Path home, Duration warmUp, Duration window, int inFlight, int rate,
            Duration latencyWindow) throws Exception {
        try (BenchDatabase db = BenchDatabase.synclane(postgres, home, "synclane_bench_e2e", 4);
                SynclaneStack stack = SynclaneStack.start(home, "end-to-end", db);
                PipelineCounters counters = PipelineCounters.open(db, stack.kafkaBootstrap());
                TriggerClient http = new TriggerClient(BenchDatabase.API_KEY, inFlight)) {
            db.addConnections(CONNECTIONS, "manually");
            ServiceProcess api = stack.api();
            ServiceProcess worker = stack.worker(1);
            CpuMeter cpu = new CpuMeter().add("api", api.pid()).add("worker", worker.pid())
                    .add("kafka", stack.kafkaPid()).addPostgres().add("load (bench)", ProcessHandle.current().pid())
                    .groupPostgresBy(db::postgresProcesses);
            EndToEndBench bench = new EndToEndBench(db, api, cpu, http, stack.kafkaBootstrap());

            bench.warmUp(inFlight, warmUp);
            bench.awaitDrained();
            Throughput throughput = bench.throughput(inFlight, window, counters);
            Latency latency = bench.latency(rate, latencyWindow);
            return new Result(throughput, latency);
        }
    }

    private Throughput throughput(int inFlight, Duration window, PipelineCounters counters) throws Exception {
        PipelineCounters.Snapshot countersBefore = counters.snapshot();
        long jobsBefore = db.queryLong("SELECT count(*) FROM job");
        Instant start = Instant.now();
        cpu.start();
        long rejected = closedLoop(inFlight, window);
        Instant end = Instant.now();
        long triggered = db.queryLong("SELECT count(*) FROM job") - jobsBefore;
        Map<String, Double> cpuPerJob = cpu.millisPerJob(triggered);
        Map<String, Map<String, Double>> threadGroups = cpu.threadGroupsPerJob(triggered);
        // The bench's own reads (counting unfinished jobs every 100 ms) are its load, not Synclane's.
        double benchQueries = threadGroups.getOrDefault("postgres", Map.of()).getOrDefault(BenchDatabase.APPLICATION, 0.0);
        cpuPerJob.computeIfPresent("postgres", (part, millis) -> millis - benchQueries);
        threadGroups.forEach((part, groups) -> {
            StringBuilder line = new StringBuilder("-- row 2, " + part + " CPU ms per job by thread group:");
            groups.entrySet().stream().filter(group -> group.getValue() >= 0.01).forEach(group ->
                    line.append(String.format(Locale.ROOT, "  %s %.2f", group.getKey(), group.getValue())));
            System.out.println(line);
        });
        Duration drain = awaitDrained();
        // After the drain, so the window's jobs are counted with all the work they caused, and only that.
        PipelineCounters.PerJob perJob = counters.perJob(countersBefore, counters.snapshot(), triggered);
        long finishedInWindow;
        try (Connection c = db.pool.getConnection(); PreparedStatement count = c.prepareStatement(
                "SELECT count(*) FROM job WHERE finished_at >= ? AND finished_at < ?")) {
            count.setTimestamp(1, Timestamp.from(start));
            count.setTimestamp(2, Timestamp.from(end));
            try (ResultSet rs = count.executeQuery()) {
                rs.next();
                finishedInWindow = rs.getLong(1);
            }
        }
        double seconds = Duration.between(start, end).toNanos() / 1e9;
        return new Throughput(finishedInWindow / seconds, finishedInWindow, triggered / seconds, rejected,
                Duration.between(start, end), drain,
                db.queryLong("SELECT count(*) FROM job WHERE status <> 'success'"), cpuPerJob, perJob);
    }

    private Latency latency(int rate, Duration window) throws Exception {
        long lastJobBefore = db.queryLong("SELECT coalesce(max(id), 0) FROM job");
        ConcurrentLinkedQueue<Double> responseMillis = new ConcurrentLinkedQueue<>();
        AtomicLong rejected = new AtomicLong();
        List<CompletableFuture<?>> sent = new ArrayList<>();
        long interval = TimeUnit.SECONDS.toNanos(1) / rate;
        long start = System.nanoTime();
        long triggers = window.toSeconds() * rate;
        for (long i = 0; i < triggers; i++) {
            long due = start + i * interval;
            while (System.nanoTime() < due) {
                LockSupport.parkNanos(due - System.nanoTime());
            }
            long sentAt = System.nanoTime();
            sent.add(trigger().thenAccept(status -> {
                responseMillis.add((System.nanoTime() - sentAt) / 1e6);
                if (status != 202) {
                    rejected.incrementAndGet();
                }
            }));
        }
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(1, TimeUnit.MINUTES);
        awaitDrained();
        Map<Long, Long> publishedAt = requestTimestamps();
        List<Double> toRunning = new ArrayList<>();
        List<Double> toPublished = new ArrayList<>();
        List<Double> publishedToRunning = new ArrayList<>();
        try (Connection c = db.pool.getConnection(); PreparedStatement query = c.prepareStatement("""
                SELECT j.id, extract(epoch FROM s.created_at) * 1000, extract(epoch FROM r.created_at) * 1000
                FROM job j
                JOIN LATERAL (SELECT created_at FROM job_state WHERE job_id = j.id AND status = 'scheduled'
                              ORDER BY id LIMIT 1) s ON true
                JOIN LATERAL (SELECT created_at FROM job_state WHERE job_id = j.id AND status = 'running'
                              ORDER BY id LIMIT 1) r ON true
                WHERE j.id > ?""")) {
            query.setLong(1, lastJobBefore);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    double scheduled = rs.getDouble(2);
                    double running = rs.getDouble(3);
                    toRunning.add(running - scheduled);
                    Long published = publishedAt.get(rs.getLong(1));
                    if (published != null) {
                        toPublished.add(published - scheduled);
                        publishedToRunning.add(running - published);
                    }
                }
            }
        }
        return new Latency(rate, percentiles(toRunning), percentiles(toPublished), percentiles(publishedToRunning),
                percentiles(responseMillis), rejected.get());
    }

    private static Percentiles percentiles(Collection<Double> millis) {
        return Percentiles.of(millis.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** Each job request's record timestamp (set by the api's producer when its relay sent it), by job id. */
    private Map<Long, Long> requestTimestamps() {
        Map<Long, Long> sentAt = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrap,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName()))) {
            List<TopicPartition> partitions = consumer.partitionsFor(JOB_REQUESTS).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofSeconds(1))) {
                    Matcher jobId = JOB_ID.matcher(record.value());
                    if (jobId.find()) {
                        sentAt.put(Long.parseLong(jobId.group(1)), record.timestamp());
                    }
                }
            }
        }
        return sentAt;
    }

    /**
     * Triggers for the duration with at most {@code inFlight} requests open and at most {@link #BACKLOG} jobs
     * unfinished, so what is measured is the pipeline's sustained rate, not how fast the API can queue work
     * that the workers finish later. Returns how many triggers were not answered 202.
     */
    /**
     * Load in 10 s rounds until no service spends more than {@link #SETTLED} of its CPU on compiling itself (the
     * JIT), or {@code longest} has passed: what is measured is then the code as it runs for hours, not its start.
     */
    private void warmUp(int inFlight, Duration longest) throws Exception {
        Instant start = Instant.now();
        cpu.compilerShares();
        Map<String, Double> shares;
        do {
            closedLoop(inFlight, WARM_UP_ROUND);
            shares = cpu.compilerShares();
            shares.remove("load (bench)");
        } while (shares.values().stream().anyMatch(share -> share > SETTLED)
                && Duration.between(start, Instant.now()).compareTo(longest) < 0);
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "-- row 2, warmed up for %d s; "
                + "JIT compilers' share of the last 10 s:", Duration.between(start, Instant.now()).toSeconds()));
        shares.forEach((part, share) -> line.append(String.format(Locale.ROOT, "  %s %.0f %%", part, share * 100)));
        System.out.println(line);
    }

    private long closedLoop(int inFlight, Duration duration) throws Exception {
        Semaphore open = new Semaphore(inFlight);
        AtomicLong rejected = new AtomicLong();
        AtomicLong unfinished = new AtomicLong();
        long deadline = System.nanoTime() + duration.toNanos();
        // One connection and one prepared statement for the whole loop, every 100 ms (was 50): this count is
        // PostgreSQL CPU charged to the pipeline, and the cap only needs to notice that jobs finished. It stays a
        // table scan: read through the partial index job_unfinished it cost more (2.8 against 1.2 ms at 3,600
        // jobs), as that index keeps every dead entry where autovacuum is off, as on the bench machine.
        Thread poller = new Thread(() -> {
            try (Connection c = db.pool.getConnection();
                    PreparedStatement count = c.prepareStatement(UNFINISHED)) {
                while (System.nanoTime() < deadline) {
                    try (ResultSet rs = count.executeQuery()) {
                        rs.next();
                        synchronized (unfinished) {
                            unfinished.set(rs.getLong(1));
                            unfinished.notifyAll();
                        }
                    }
                    Thread.sleep(100);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "bench-backlog-poller");
        poller.start();
        while (System.nanoTime() < deadline) {
            if (unfinished.get() >= BACKLOG) {
                synchronized (unfinished) { // only the poller's next count can lower it: wait for that
                    if (unfinished.get() >= BACKLOG) {
                        unfinished.wait(100);
                    }
                }
                continue;
            }
            if (!open.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                continue;
            }
            send(open, unfinished, rejected, deadline);
        }
        open.acquire(inFlight);
        poller.join();
        return rejected.get();
    }

    /**
     * One trigger of the closed loop, holding one of its permits. Once answered, the next goes out right away
     * from the client's thread while the window lasts and the backlog allows, and only then is the permit given
     * back: most triggers cost no hand-off between threads.
     */
    private void send(Semaphore open, AtomicLong unfinished, AtomicLong rejected, long deadline) {
        unfinished.incrementAndGet();
        trigger().thenAccept(status -> {
            if (status != 202) {
                rejected.incrementAndGet();
            }
            if (System.nanoTime() < deadline && unfinished.get() < BACKLOG) {
                send(open, unfinished, rejected, deadline);
            } else {
                open.release();
            }
        });
    }

    /** Triggers the next connection's sync: its status code, or -1 for a failure (see {@link TriggerClient}). */
    private CompletableFuture<Integer> trigger() {
        return http.trigger(syncUris.get((int) (next.getAndIncrement() % syncUris.size())));
    }

    /** Waits until no job is left unfinished; returns how long that took. */
    private Duration awaitDrained() throws Exception {
        long start = System.nanoTime();
        long deadline = start + DRAIN_TIMEOUT.toNanos();
        long left;
        while ((left = db.queryLong(UNFINISHED)) > 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(left + " jobs still unfinished after " + DRAIN_TIMEOUT);
            }
            Thread.sleep(100);
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
