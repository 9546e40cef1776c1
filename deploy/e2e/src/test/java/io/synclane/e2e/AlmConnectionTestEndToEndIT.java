package io.synclane.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.synclane.stack.KafkaBroker;
import io.synclane.stack.LocalRedmine;
import io.synclane.stack.PostgresEndpoint;
import io.synclane.stack.ServiceProcess;
import io.synclane.stack.testing.SharedInfrastructure;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /api/v2/connections/testalm/} checks a Redmine connection the way a sync starts: api-service
 * asks a worker process, whose Redmine connector checks the key and the project against a real Redmine.
 */
class AlmConnectionTestEndToEndIT {
    private static final String TOKEN = "testalm-admin-token-0123456789";

    @Test
    void testalmChecksCredentialsAndProjectThroughAWorker() throws Exception {
        LocalRedmine redmine = LocalRedmine.start(EndToEnd.HOME);
        String project = "testalm-" + System.nanoTime();
        HttpResponse<String> created = EndToEnd.HTTP.send(HttpRequest.newBuilder(URI.create(redmine.url()
                        + "/projects.json"))
                .header("X-Redmine-API-Key", redmine.apiKey()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(EndToEnd.JSON.writeValueAsString(
                        Map.of("project", Map.of("name", project, "identifier", project))))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, created.statusCode(), created.body());

        PostgresEndpoint postgres = SharedInfrastructure.postgres();
        int workerPort = KafkaBroker.freePort();
        Map<String, String> env = EndToEnd.serviceEnv(postgres, SharedInfrastructure.freshDatabase("synclane_test_testalm"),
                SharedInfrastructure.kafkaBootstrap(), TOKEN);
        env.put("SYNCLANE_INTERNAL_TOKEN", "testalm-internal-secret");
        env.put("SYNCLANE_INTERNAL_WORKER_URL", "http://127.0.0.1:" + workerPort);
        List<ServiceProcess> started = new ArrayList<>();
        try {
            ServiceProcess worker = EndToEnd.start(started, "worker-service", workerPort, env, "testalm-worker.log");
            ServiceProcess api = EndToEnd.start(started, "api-service", env, "testalm-api.log");
            api.awaitReady(Duration.ofSeconds(90));
            worker.awaitReady(Duration.ofSeconds(90));

            JsonNode good = testalm(api, Map.of("alm_server", redmine.url(), "alm_api_token", redmine.apiKey(),
                    "alm_project", project));
            assertTrue(good.path("success").asBoolean(), good.toString());

            String wrongKey = "0123456789abcdef0123456789abcdef01234567";
            JsonNode refused = testalm(api, Map.of("alm_server", redmine.url(), "alm_api_token", wrongKey,
                    "alm_project", project));
            assertFalse(refused.path("success").asBoolean());
            assertTrue(refused.path("detail").asText().contains("alm_api_token"), refused.toString());
            assertFalse(refused.toString().contains(wrongKey));

            JsonNode unknown = testalm(api, Map.of("alm_server", redmine.url(), "alm_api_token", redmine.apiKey(),
                    "alm_project", "no-such-project"));
            assertFalse(unknown.path("success").asBoolean());
            assertTrue(unknown.path("detail").asText().contains("no-such-project"), unknown.toString());
        } finally {
            started.forEach(ServiceProcess::stop);
        }
    }

    /** testalm answers 200 whatever the verdict. */
    private static JsonNode testalm(ServiceProcess api, Map<String, Object> params) throws Exception {
        HttpResponse<String> response = EndToEnd.HTTP.send(EndToEnd.request(api, TOKEN, "/api/v2/connections/testalm/")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(EndToEnd.JSON.writeValueAsString(
                        Map.of("alias", "ALM Test", "system", Map.of("id", "redmine"), "params", params))))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return EndToEnd.JSON.readTree(response.body());
    }
}
