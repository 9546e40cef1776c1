package io.synclane.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import io.synclane.e2e.HostileRequest.Expect;
import io.synclane.e2e.HostileVerdict.Answer;
import io.synclane.e2e.HostileVerdict.Problem;
import io.synclane.stack.PostgresEndpoint;
import io.synclane.stack.ServiceProcess;
import io.synclane.stack.testing.SharedInfrastructure;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Issue 17's generated hostile suite: at least 10,000 bad requests over every route of the four faces (/api/v2 with
 * its webhooks, /api/v1, /v1 and the dashboard's /ui), {@value HostileRequests#BUDGET_PER_ROUTE} a route, against the
 * packaged api-service and a worker as processes over a fresh database, from one seed ({@code -Dhostile.seed}, printed;
 * {@code -Dhostile.requests} and {@code -Dhostile.concurrency} too). Malformed and truncated JSON, wrong types,
 * missing and extra fields, huge strings, deep and wide bodies, NUL and control characters, lone surrogates and
 * unsupported escapes, SQL- and path-traversal-looking strings, loopback SSRF URLs in params, invalid and foreign
 * ids, wrong methods and content types, bad and foreign credentials (another team's, an agent's), paging and filter
 * values out of range, oversized bodies.
 *
 * <p>It asserts: no 5xx; no stack trace or Java class name in any answer; every 4xx in its face's error shape,
 * naming the refused field; no secret (planted params, API keys, agents' secrets) in any answer it must not show nor
 * in the services' logs; no row written (every table counted before and after, the valid fixture made before);
 * both services ready afterwards and a valid trigger still run to success; all of it in a few minutes. A failure
 * prints the smallest request found that still fails (method, path, headers that matter, body truncated).
 */
class HostileInputIT {
    private static final String TOKEN = "hostile-admin-token-0123456789";
    private static final String DATABASE = "synclane_test_hostile";
    private static final int READ_CAP = 1 << 20;

    @Test
    void hostileRequestsOnEveryFaceAreRefusedCleanlyAndWriteNothing() throws Exception {
        long seed = Long.getLong("hostile.seed", 17L);
        Integer requested = Integer.getInteger("hostile.requests");
        int concurrency = Integer.getInteger("hostile.concurrency", 4);
        System.out.printf("[hostile] seed=%d requests=%s concurrency=%d (override with -Dhostile.seed=, -Dhostile.requests=,"
                + " -Dhostile.concurrency=)%n", seed, requested == null ? HostileRequests.BUDGET_PER_ROUTE + " a route"
                : requested, concurrency);
        long start = System.nanoTime();

        PostgresEndpoint postgres = SharedInfrastructure.postgres();
        Map<String, String> env = EndToEnd.serviceEnv(postgres, SharedInfrastructure.freshDatabase(DATABASE),
                SharedInfrastructure.kafkaBootstrap(), TOKEN);
        env.put("SYNCLANE_AGENTS_LEASE", "1h"); // the agent's job stays held through the hostile phase
        // The webhooks' receiver is a documentation address (TEST-NET-3) with no receiver of ours: an attempt fails
        // there (no answer, or no certificate for it) within about a second instead of the default 5 s connect timeout.
        env.put("SYNCLANE_NOTIFICATIONS_CONNECT_TIMEOUT", "1s");
        // The services append to their logs: this run's lines are the ones after these offsets.
        Map<String, Long> logStarts = new LinkedHashMap<>();
        for (String log : List.of("hostile-api.log", "hostile-worker.log")) {
            Path file = logs().resolve(log);
            logStarts.put(log, Files.exists(file) ? Files.size(file) : 0L);
        }
        List<ServiceProcess> started = new ArrayList<>();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).executor(Executors.newFixedThreadPool(concurrency * 2)).build();
        try {
            ServiceProcess api = EndToEnd.start(started, "api-service", env, "hostile-api.log");
            ServiceProcess worker = EndToEnd.start(started, "worker-service", env, "hostile-worker.log");
            api.awaitReady(Duration.ofSeconds(90));
            worker.awaitReady(Duration.ofSeconds(90));

            HostileFixture fixture = new HostileFixture(api, worker, TOKEN, http);
            fixture.serviceKeys.add(env.get(ServiceProcess.NOTIFICATIONS_KEY_VARIABLE));
            fixture.serviceKeys.add(env.get(ServiceProcess.AGENT_KEY_VARIABLE));
            long fixtureStart = System.nanoTime();
            fixture.create();
            long fixtureNanos = System.nanoTime() - fixtureStart;
            EndToEnd.awaitNone(postgres, db(), "SELECT count(*) FROM outbox", Duration.ofSeconds(30), "outbox rows left");
            Map<String, Integer> before = counts(postgres);

            HostileRequests generator = new HostileRequests(fixture, seed);
            int total = requested != null ? requested : HostileRequests.BUDGET_PER_ROUTE * generator.specs().size();
            List<HostileRequest> requests = generator.generate(total, 20);
            dump(requests);
            long hostileStart = System.nanoTime();
            List<Answer> answers = send(http, api, requests, concurrency);
            long hostileNanos = System.nanoTime() - hostileStart;
            dumpAnswers(answers);

            long[] valid = validLatencies(http, api, fixture);
            Thread.sleep(1500); // anything a refused request set going (an outbox row, a job) shows by now
            EndToEnd.awaitNone(postgres, db(), "SELECT count(*) FROM outbox", Duration.ofSeconds(30), "outbox rows left");
            Map<String, Integer> after = counts(postgres);

            HostileVerdict verdict = new HostileVerdict(fixture);
            Map<Integer, List<Problem>> problems = new TreeMap<>();
            for (int i = 0; i < requests.size(); i++) {
                List<Problem> found = verdict.judge(requests.get(i), answers.get(i));
                if (!found.isEmpty()) {
                    problems.put(i, found);
                }
            }
            List<String> partialWrites = new ArrayList<>();
            before.forEach((table, count) -> {
                int now = after.getOrDefault(table, -1);
                if (now != count) {
                    partialWrites.add(table + " " + count + " -> " + now);
                }
            });

            // Afterwards: both services ready, a valid trigger still runs end to end, and notifies team A's webhook
            // once, whose attempt fails (nothing of ours answers there) without its run showing the URL's path.
            int apiReady = status(http, api.baseUrl() + "/q/health/ready");
            int workerReady = status(http, worker.baseUrl() + "/q/health/ready");
            String validTrigger = "ran to success";
            String delivery = "one delivery, its attempt's run showing scheme, host and port only";
            try {
                long job = fixture.v2(fixture.owner.key(), "POST", "/api/v2/connections/analysis/"
                        + fixture.noopConnectionA + "/sync/", null).get("id").asLong();
                fixture.awaitEnded(fixture.owner, job);
                delivery = delivery(postgres, fixture, job, delivery);
            } catch (Exception | AssertionError e) {
                validTrigger = e.getMessage();
            }

            List<String> logLeaks = logLeaks(fixture, logStarts);
            long unexpected = thisRun(logStarts, "hostile-api.log").lines()
                    .filter(line -> line.contains("unexpected failure")).count()
                    + thisRun(logStarts, "hostile-worker.log").lines() // a job's run or a webhook's attempt
                    .filter(line -> line.contains("failed unexpectedly")).count();

            // What failed, each with the smallest request found that still fails.
            report(requests, answers, problems, http, api, verdict);
            figures(generator, requests, answers, problems, partialWrites, logLeaks, unexpected, fixtureNanos, hostileNanos,
                    System.nanoTime() - start);
            long[] hostile = answers.stream().mapToLong(Answer::nanos).sorted().toArray();
            System.out.printf("[hostile] valid reads for comparison: p50 %.1f ms, p99 %.1f ms (hostile: p50 %.1f ms, p99 %.1f ms)%n",
                    valid[valid.length / 2] / 1e6, valid[(int) (valid.length * 0.99)] / 1e6, hostile[hostile.length / 2] / 1e6,
                    hostile[(int) (hostile.length * 0.99)] / 1e6);

            assertTrue(requests.size() >= 10_000 || total < 10_000, "at least 10,000 requests");
            assertEquals(List.of(), partialWrites, "rows written by refused requests");
            assertEquals(List.of(), logLeaks, "secrets in the services' logs");
            assertEquals(0, unexpected, "\"unexpected failure\" lines in the api-service's log, \"failed unexpectedly\""
                    + " in the worker's");
            assertEquals(200, apiReady, "api-service ready afterwards");
            assertEquals(200, workerReady, "worker-service ready afterwards");
            assertEquals("ran to success", validTrigger, "a valid trigger afterwards");
            assertEquals("one delivery, its attempt's run showing scheme, host and port only", delivery,
                    "the valid trigger's webhook delivery");
            assertTrue(problems.isEmpty(), problems.size() + " requests answered wrongly (see the report above)");
            assertTrue(hostile[(int) (hostile.length * 0.99)] < Duration.ofSeconds(1).toNanos(),
                    "a bad request is answered about as fast as a good one (p99 under 1 s)");
            assertTrue(System.nanoTime() - start < Duration.ofMinutes(5).toNanos(), "the suite took more than 5 minutes");
        } finally {
            started.forEach(ServiceProcess::stop);
        }
    }

    /**
     * The valid trigger's webhook deliveries, once the first attempt has ended: one, to team A's active webhook (the
     * victim is inactive, team B's is another team's), whose run shows neither the URL's path (the receiver's token)
     * nor a secret. {@code ok} when so, else what is wrong.
     */
    private static String delivery(PostgresEndpoint postgres, HostileFixture fixture, long job, String ok) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String seen = "none";
        while (System.nanoTime() < deadline) {
            try (Connection db = postgres.connect(db()); Statement statement = db.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT d.webhook_id, d.attempts, d.state, d.last_error,"
                            + " r.stdout, r.stderr, r.status FROM notification_delivery d LEFT JOIN job_run r ON r.id = d.run_id"
                            + " WHERE d.job_id = " + job + " ORDER BY d.id")) {
                List<String> found = new ArrayList<>();
                boolean ended = false;
                String runText = "";
                while (rows.next()) {
                    found.add("webhook " + rows.getLong(1) + " attempts " + rows.getInt(2) + " " + rows.getString(3) + " ("
                            + rows.getString(4) + ")");
                    // an attempt has ended: delivered or failed for good, or failed and due again (its error said)
                    ended = rows.getLong(1) == fixture.webhookA && rows.getInt(2) >= 1
                            && (!rows.getString(3).equals("pending") || !rows.getString(4).isEmpty());
                    runText = rows.getString(5) + "\n" + rows.getString(6);
                }
                seen = found.isEmpty() ? "none" : String.join("; ", found);
                if (ended) {
                    System.out.printf("[hostile] the valid trigger's delivery: %s; its run: %s%n", seen,
                            runText.replace("\n", " | "));
                    if (found.size() != 1) {
                        return "deliveries: " + seen;
                    }
                    for (String secret : fixture.secrets()) {
                        if (runText.contains(secret)) {
                            return "the run shows a secret starting " + secret.substring(0, Math.min(12, secret.length()));
                        }
                    }
                    return runText.contains("/hooks/") ? "the run shows the URL's path: " + runText : ok;
                }
            }
            Thread.sleep(200);
        }
        return "no attempt ended within 30 s: " + seen;
    }

    /** Every generated request, one a line, to find one by its index (its X-Request-Id is hostile-<index>). */
    private static void dump(List<HostileRequest> requests) throws IOException {
        Path file = EndToEnd.HOME.resolve("deploy/e2e/target/hostile-requests.txt");
        Files.createDirectories(file.getParent());
        Files.write(file, requests.stream().map(r -> "#" + r.index() + " " + r.expect() + (r.field() == null ? "" : " field="
                + r.field()) + " [" + r.defect() + "] " + r.describe(200).replace("\n", " | ")).toList(), StandardCharsets.UTF_8);
    }

    /** Every answer, one a line beside its request's: the status and the body's first bytes. */
    private static void dumpAnswers(List<Answer> answers) throws IOException {
        Path file = EndToEnd.HOME.resolve("deploy/e2e/target/hostile-answers.txt");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < answers.size(); i++) {
            Answer answer = answers.get(i);
            lines.add("#" + i + " " + answer.status() + " " + HostileRequest.printable(answer.body(), 160).replace("\n", " "));
        }
        Files.write(file, lines, StandardCharsets.UTF_8);
    }

    private static String db() {
        return SharedInfrastructure.databaseName(DATABASE);
    }

    // ---- sending -------------------------------------------------------------------------------------------------

    private static List<Answer> send(HttpClient http, ServiceProcess api, List<HostileRequest> requests, int concurrency)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        AtomicInteger done = new AtomicInteger();
        try {
            List<Future<Answer>> futures = new ArrayList<>();
            for (HostileRequest request : requests) {
                futures.add(pool.submit(() -> {
                    Answer answer = send(http, api, request);
                    int n = done.incrementAndGet();
                    if (n % 2000 == 0) {
                        System.out.printf("[hostile] %d/%d sent%n", n, requests.size());
                    }
                    return answer;
                }));
            }
            List<Answer> answers = new ArrayList<>();
            for (Future<Answer> future : futures) {
                answers.add(future.get());
            }
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }

    static Answer send(HttpClient http, ServiceProcess api, HostileRequest request) {
        long start = System.nanoTime();
        try {
            HttpRequest.BodyPublisher publisher;
            if (request.body() == null) {
                publisher = HttpRequest.BodyPublishers.noBody();
            } else if (request.chunked()) {
                byte[] bytes = request.body();
                publisher = HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes));
            } else {
                publisher = HttpRequest.BodyPublishers.ofByteArray(request.body());
            }
            HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(api.baseUrl() + request.path()))
                    .timeout(Duration.ofSeconds(30)).method(request.method(), publisher)
                    .header("X-Request-Id", "hostile-" + request.index());
            request.headers().forEach(builder::header);
            // The HTTP server answers a request over its own limits and closes the connection without saying so: such
            // a request gets a connection of its own, so that no other request is sent on the closed one.
            HttpClient client = request.defect() != null && request.defect().endsWith("over the server's limit")
                    ? HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build() : http;
            HttpResponse<InputStream> response = client.send(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
            String type = response.headers().firstValue("Content-Type").orElse("");
            byte[] body;
            try (InputStream in = response.body()) {
                body = type.startsWith("text/event-stream") ? new byte[0] : in.readNBytes(READ_CAP);
            }
            return new Answer(response.statusCode(), type, response.headers().map(), body, System.nanoTime() - start);
        } catch (IOException e) {
            // The server closed the connection without an answer: as bad as a 5xx.
            return new Answer(599, "", Map.of(), ("no answer: " + e).getBytes(StandardCharsets.UTF_8),
                    System.nanoTime() - start);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** How long valid reads of each face take, sorted: what a bad request's answer is compared with. */
    private static long[] validLatencies(HttpClient http, ServiceProcess api, HostileFixture fixture) {
        List<HostileRequest> reads = new ArrayList<>();
        Map<String, String> token = Map.of("Authorization", "Token " + fixture.owner.key());
        Map<String, String> basic = Map.of("Authorization", HostileFixture.basic(fixture.owner));
        for (int i = 0; i < 50; i++) {
            reads.add(read("/api/v2", "/api/v2/projects/", token));
            reads.add(read("/ui", "/ui/api/jobs?limit=10", token));
            reads.add(read("/api/v2", "/api/v2/jobs/analysis/?page_size=10", token));
            reads.add(read("/api/v1", "/api/v1/jobs?limit=10", basic));
            reads.add(read("/v1", "/v1/job_runs.json?token=" + fixture.owner.key(), Map.of()));
        }
        return reads.stream().map(r -> send(http, api, r)).peek(answer -> {
            if (answer.status() != 200) {
                throw new AssertionError("a valid read answered " + answer.status() + ": " + answer.text());
            }
        }).mapToLong(Answer::nanos).sorted().toArray();
    }

    private static HostileRequest read(String face, String path, Map<String, String> headers) {
        return new HostileRequest(-1, face, "GET " + path, "valid", "GET", path, headers, null, false, Expect.ANY, null);
    }

    private static int status(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    // ---- the database and the logs -------------------------------------------------------------------------------

    /** The row count of every table of the schema. */
    private static Map<String, Integer> counts(PostgresEndpoint postgres) throws Exception {
        Map<String, Integer> counts = new TreeMap<>();
        try (Connection db = postgres.connect(db()); Statement statement = db.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet names = statement.executeQuery("SELECT table_name FROM information_schema.tables"
                    + " WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
                    + " AND table_name <> 'flyway_schema_history' ORDER BY 1")) {
                while (names.next()) {
                    tables.add(names.getString(1));
                }
            }
            for (String table : tables) {
                try (ResultSet count = statement.executeQuery("SELECT count(*) FROM \"" + table + "\"")) {
                    count.next();
                    counts.put(table, count.getInt(1));
                }
            }
        }
        return counts;
    }

    private static Path logs() {
        return EndToEnd.HOME.resolve("deploy/e2e/target/logs");
    }

    /** What this run wrote to a log. */
    private static String thisRun(Map<String, Long> starts, String file) throws IOException {
        byte[] all = Files.readAllBytes(logs().resolve(file));
        int from = (int) Math.min(all.length, starts.getOrDefault(file, 0L));
        return new String(all, from, all.length - from, StandardCharsets.UTF_8);
    }

    private static List<String> logLeaks(HostileFixture fixture, Map<String, Long> starts) throws IOException {
        List<String> leaks = new ArrayList<>();
        for (String file : starts.keySet()) {
            String log = thisRun(starts, file);
            for (String secret : fixture.secrets()) {
                if (log.contains(secret)) {
                    leaks.add(file + " holds a secret starting " + secret.substring(0, Math.min(12, secret.length())));
                }
            }
            // any webhook's secret, the rotations' new ones too: never logged
            var webhookSecret = HostileVerdict.WEBHOOK_SECRET.matcher(log);
            if (webhookSecret.find()) {
                leaks.add(file + " holds a webhook secret starting " + webhookSecret.group().substring(0, 12));
            }
        }
        return leaks;
    }

    // ---- the report ----------------------------------------------------------------------------------------------

    private static void report(List<HostileRequest> requests, List<Answer> answers, Map<Integer, List<Problem>> problems,
            HttpClient http, ServiceProcess api, HostileVerdict verdict) {
        if (problems.isEmpty()) {
            return;
        }
        // Group by route and kind of problem; shrink and show the first of each group.
        Map<String, List<Integer>> groups = new TreeMap<>();
        problems.forEach((index, found) -> {
            for (Problem problem : found) {
                groups.computeIfAbsent(problem.kind() + " | " + requests.get(index).route(), k -> new ArrayList<>()).add(index);
            }
        });
        System.out.printf("%n[hostile] %d requests answered wrongly, in %d groups (kind | route: count):%n", problems.size(),
                groups.size());
        groups.forEach((group, indices) -> System.out.printf("  %-90s %d%n", group, indices.size()));
        int shown = 0;
        for (Map.Entry<String, List<Integer>> group : groups.entrySet()) {
            if (shown++ >= 100) {
                System.out.println("  ... (" + (groups.size() - 100) + " more groups)");
                break;
            }
            int index = group.getValue().get(0);
            String kind = group.getKey().substring(0, group.getKey().indexOf(' '));
            Problem problem = problems.get(index).stream().filter(p -> p.kind().equals(kind)).findFirst().orElseThrow();
            Answer original = answers.get(index);
            System.out.printf("%n--- %s (%d like it; request #%d: %s)%n%s%n  => %d %s%n  problem: %s%n", group.getKey(),
                    group.getValue().size(), index, requests.get(index).defect(), requests.get(index).describe(300),
                    original.status(), HostileRequest.printable(original.body(), 400), problem.detail());
            // Problems of the answer alone (not of what the request was meant to test) shrink: the smallest body found
            // that still shows it.
            if (List.of("5xx", "java-name", "leak", "shape").contains(kind)) {
                HostileRequest minimal = shrink(requests.get(index), kind, http, api, verdict);
                if (minimal != requests.get(index)) {
                    Answer answer = send(http, api, minimal);
                    System.out.printf("  minimal request that still fails:%n%s%n  => %d %s%n", minimal.describe(300),
                            answer.status(), HostileRequest.printable(answer.body(), 400));
                }
            }
        }
    }

    /** The smallest request found that still shows the problem: top-level keys removed, long strings halved. */
    private static HostileRequest shrink(HostileRequest request, String kind, HttpClient http, ServiceProcess api,
            HostileVerdict verdict) {
        HostileRequest current = request;
        if (current.body() == null || current.body().length > (1 << 20)) {
            return current;
        }
        JsonNode body;
        try {
            body = EndToEnd.JSON.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(current.body());
        } catch (Exception e) {
            return current;
        }
        if (body == null || !body.isObject()) {
            return current;
        }
        int tries = 0;
        Map<String, JsonNode> fields = new LinkedHashMap<>();
        body.fields().forEachRemaining(entry -> fields.put(entry.getKey(), entry.getValue()));
        for (String key : new ArrayList<>(fields.keySet())) {
            if (tries++ > 25) {
                break;
            }
            Map<String, JsonNode> without = new LinkedHashMap<>(fields);
            without.remove(key);
            HostileRequest candidate = current.withBody(HostileRequests.json(without).getBytes(StandardCharsets.UTF_8));
            if (stillFails(candidate, kind, http, api, verdict)) {
                fields.remove(key);
                current = candidate;
            }
        }
        for (String key : new ArrayList<>(fields.keySet())) {
            JsonNode value = fields.get(key);
            while (value.isTextual() && value.asText().length() > 64 && tries++ < 60) {
                String text = value.asText();
                Map<String, JsonNode> shorter = new LinkedHashMap<>(fields);
                shorter.put(key, EndToEnd.JSON.getNodeFactory().textNode(text.substring(0, text.length() / 2)));
                HostileRequest candidate = current.withBody(HostileRequests.json(shorter).getBytes(StandardCharsets.UTF_8));
                if (!stillFails(candidate, kind, http, api, verdict)) {
                    break;
                }
                fields.putAll(shorter);
                value = shorter.get(key);
                current = candidate;
            }
        }
        return current;
    }

    private static boolean stillFails(HostileRequest candidate, String kind, HttpClient http, ServiceProcess api,
            HostileVerdict verdict) {
        return verdict.judge(candidate, send(http, api, candidate)).stream().anyMatch(p -> p.kind().equals(kind));
    }

    private static void figures(HostileRequests generator, List<HostileRequest> requests, List<Answer> answers,
            Map<Integer, List<Problem>> problems, List<String> partialWrites, List<String> logLeaks, long unexpected,
            long fixtureNanos, long hostileNanos, long totalNanos) {
        Map<String, Integer> byFace = new TreeMap<>();
        Map<String, Integer> byClass = new TreeMap<>();
        Map<String, Integer> byRoute = new TreeMap<>();
        Map<String, Integer> byStatus = new TreeMap<>();
        int refusalsExpected = 0;
        for (int i = 0; i < requests.size(); i++) {
            HostileRequest request = requests.get(i);
            int status = answers.get(i).status();
            byFace.merge(request.face(), 1, Integer::sum);
            byClass.merge(status / 100 + "xx", 1, Integer::sum);
            byStatus.merge(String.valueOf(status), 1, Integer::sum);
            byRoute.merge(request.route(), 1, Integer::sum);
            if (request.expect() == Expect.REFUSE) {
                refusalsExpected++;
            }
        }
        long leaks = problems.values().stream().flatMap(List::stream).filter(p -> p.kind().equals("leak")).count()
                + logLeaks.size();
        long[] nanos = answers.stream().mapToLong(Answer::nanos).sorted().toArray();
        int slowest = nanos.length - 1;
        System.out.printf("%n[hostile] ===== figures (seed %s) =====%n", System.getProperty("hostile.seed", "17"));
        System.out.printf("[hostile] requests: %d over %d routes (each at least %d times), %d to be refused%n",
                requests.size(), generator.specs().size(), byRoute.values().stream().mapToInt(Integer::intValue).min().orElse(0),
                refusalsExpected);
        System.out.println("[hostile] by face: " + byFace);
        System.out.println("[hostile] by status class: " + byClass);
        System.out.println("[hostile] by status: " + byStatus);
        System.out.printf("[hostile] 5xx: %d; answered wrongly: %d; partial writes: %d %s; leaks: %d %s; "
                        + "unexpected failures logged: %d%n",
                byClass.getOrDefault("5xx", 0), problems.size(), partialWrites.size(), partialWrites, leaks, logLeaks,
                unexpected);
        System.out.printf("[hostile] latency: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", nanos[nanos.length / 2] / 1e6,
                nanos[(int) (nanos.length * 0.99)] / 1e6, nanos[slowest] / 1e6);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < answers.size(); i++) {
            order.add(i);
        }
        order.sort((a, b) -> Long.compare(answers.get(b).nanos(), answers.get(a).nanos()));
        System.out.println("[hostile] slowest: " + order.stream().limit(5).map(i -> String.format("#%d %s %s (%s) %.0f ms",
                i, requests.get(i).method(), requests.get(i).route(), requests.get(i).defect(), answers.get(i).nanos() / 1e6))
                .collect(Collectors.joining("; ")));
        System.out.printf("[hostile] duration: fixture %.1f s, hostile phase %.1f s, whole test %.1f s%n", fixtureNanos / 1e9,
                hostileNanos / 1e9, totalNanos / 1e9);
        System.out.println("[hostile] routes: " + byRoute.keySet().stream().collect(Collectors.joining(", ")));
    }
}
