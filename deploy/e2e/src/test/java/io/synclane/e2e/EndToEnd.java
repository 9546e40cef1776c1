package io.synclane.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.synclane.stack.KafkaBroker;
import io.synclane.stack.PostgresEndpoint;
import io.synclane.stack.ServiceProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** What the end-to-end tests share: the packaged services as processes, their HTTP face, their database. */
final class EndToEnd {
    static final Path HOME = Path.of(System.getProperty("stack.home", "../..")).toAbsolutePath().normalize();
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    private EndToEnd() {
    }

    /** The environment both services need: this database, this broker, this admin token, the demo reports. */
    static Map<String, String> serviceEnv(PostgresEndpoint postgres, String jdbcUrl, String kafka, String token) {
        Map<String, String> env = ServiceProcess.storageEnv(postgres, jdbcUrl, kafka);
        env.put("SYNCLANE_ADMIN_TOKEN", token);
        env.put("SYNCLANE_REPORTS_DIR", HOME.resolve("deploy/demo/reports").toString());
        return env;
    }

    /** Starts a packaged service on a free port (logging to deploy/e2e/target/logs) and records it in {@code started}. */
    static ServiceProcess start(List<ServiceProcess> started, String module, Map<String, String> env, String log)
            throws Exception {
        return start(started, module, KafkaBroker.freePort(), env, log);
    }

    static ServiceProcess start(List<ServiceProcess> started, String module, int port, Map<String, String> env,
            String log) throws Exception {
        Path logs = HOME.resolve("deploy/e2e/target/logs");
        Files.createDirectories(logs);
        ServiceProcess service = ServiceProcess.start(module,
                HOME.resolve(module + "/target/quarkus-app/quarkus-run.jar"), port, env, logs.resolve(log));
        started.add(service);
        return service;
    }

    /** POSTs JSON (or nothing) and returns the answer, which must be 2xx. */
    static JsonNode post(ServiceProcess api, String token, String path, Object body) throws Exception {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body));
        HttpResponse<String> response = HTTP.send(request(api, token, path).POST(publisher)
                .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(response.statusCode() < 300, path + " answered " + response.statusCode() + ": " + response.body());
        return JSON.readTree(response.body());
    }

    /** POSTs and returns the created record's id. */
    static long create(ServiceProcess api, String token, String path, Object body) throws Exception {
        return post(api, token, path, body).get("id").asLong();
    }

    static JsonNode get(ServiceProcess api, String token, String path) throws Exception {
        return JSON.readTree(HTTP.send(request(api, token, path).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    static HttpRequest.Builder request(ServiceProcess api, String token, String path) {
        return HttpRequest.newBuilder(URI.create(api.baseUrl() + path)).header("Authorization", "Token " + token)
                .timeout(Duration.ofSeconds(60));
    }

    static int count(PostgresEndpoint postgres, String database, String sql) throws Exception {
        try (Connection db = postgres.connect(database); Statement statement = db.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getInt(1);
        }
    }

    /** Waits until the count query answers 0; fails saying what was left when it does not within the time. */
    static void awaitNone(PostgresEndpoint postgres, String database, String sql, Duration timeout, String what)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        int left;
        do {
            left = count(postgres, database, sql);
            if (left == 0) {
                return;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        throw new AssertionError(left + " " + what);
    }
}
