package io.synclane.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.synclane.stack.KafkaBroker;
import io.synclane.stack.PostgresEndpoint;
import io.synclane.stack.ServiceProcess;
import io.synclane.stack.testing.SharedInfrastructure;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /api/v2/connections/testalm/} checks a Redmine connection the way a sync starts: api-service
 * asks a worker process, whose Redmine connector checks the key and the project against a real Redmine.
 */
class AlmConnectionTestEndToEndIT {
    private static final String TOKEN = "testalm-admin-token-0123456789";
    private static final Path HOME = Path.of(System.getProperty("stack.home", "../..")).toAbsolutePath().normalize();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void testalmChecksCredentialsAndProjectThroughAWorker() throws Exception {
        Process up = new ProcessBuilder(HOME.resolve("deploy/redmine").toString(), "up").directory(HOME.toFile())
                .redirectErrorStream(true).start();
        String output = new String(up.getInputStream().readAllBytes());
        assertEquals(0, up.waitFor(), "deploy/redmine up failed:\n" + output);
        String redmine = "http://127.0.0.1:" + System.getenv().getOrDefault("SYNCLANE_REDMINE_PORT", "3000");
        String key = Files.readString(HOME.resolve(".local/redmine/api-key")).trim();
        String project = "testalm-" + System.nanoTime();
        HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(URI.create(redmine + "/projects.json"))
                .header("X-Redmine-API-Key", key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(
                        Map.of("project", Map.of("name", project, "identifier", project))))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, created.statusCode(), created.body());

        PostgresEndpoint postgres = SharedInfrastructure.postgres();
        int workerPort = KafkaBroker.freePort();
        Map<String, String> env = new HashMap<>(Map.of(
                "SYNCLANE_DB_URL", SharedInfrastructure.freshDatabase("synclane_test_testalm"),
                "SYNCLANE_DB_USER", postgres.user(),
                "SYNCLANE_DB_PASSWORD", postgres.password(),
                "SYNCLANE_KAFKA_BOOTSTRAP", SharedInfrastructure.kafkaBootstrap(),
                "SYNCLANE_ADMIN_TOKEN", TOKEN,
                "SYNCLANE_INTERNAL_TOKEN", "testalm-internal-secret",
                "SYNCLANE_INTERNAL_WORKER_URL", "http://127.0.0.1:" + workerPort));
        Path logs = HOME.resolve("deploy/e2e/target/logs");
        ServiceProcess worker = ServiceProcess.start("worker-service",
                HOME.resolve("worker-service/target/quarkus-app/quarkus-run.jar"), workerPort, env,
                logs.resolve("testalm-worker.log"));
        ServiceProcess api = null;
        try {
            api = ServiceProcess.start("api-service", HOME.resolve("api-service/target/quarkus-app/quarkus-run.jar"),
                    KafkaBroker.freePort(), env, logs.resolve("testalm-api.log"));
            api.awaitReady(Duration.ofSeconds(90));
            worker.awaitReady(Duration.ofSeconds(90));

            JsonNode good = testalm(api, Map.of("alm_server", redmine, "alm_api_token", key, "alm_project", project));
            assertTrue(good.path("success").asBoolean(), good.toString());

            String wrongKey = "0123456789abcdef0123456789abcdef01234567";
            JsonNode refused = testalm(api, Map.of("alm_server", redmine, "alm_api_token", wrongKey,
                    "alm_project", project));
            assertFalse(refused.path("success").asBoolean());
            assertTrue(refused.path("detail").asText().contains("alm_api_token"), refused.toString());
            assertFalse(refused.toString().contains(wrongKey));

            JsonNode unknown = testalm(api, Map.of("alm_server", redmine, "alm_api_token", key,
                    "alm_project", "no-such-project"));
            assertFalse(unknown.path("success").asBoolean());
            assertTrue(unknown.path("detail").asText().contains("no-such-project"), unknown.toString());
        } finally {
            if (api != null) {
                api.stop();
            }
            worker.stop();
        }
    }

    private static JsonNode testalm(ServiceProcess api, Map<String, Object> params) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(api.baseUrl()
                        + "/api/v2/connections/testalm/"))
                .header("Authorization", "Token " + TOKEN).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(
                        Map.of("alias", "ALM Test", "system", Map.of("id", "redmine"), "params", params))))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }
}
