package io.synclane.api.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.synclane.api.config.ApiConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Asks a worker to check an ALM connection with its connector (credentials, project), since the connectors
 * live in the workers. The params travel in the request body only, to the worker's internal endpoint.
 */
@ApplicationScoped
public class WorkerConnectivityClient {
    /** What the worker said: {@code detail} names what to fix when the check failed. */
    public record Verdict(boolean success, String detail) {
    }

    private final ApiConfig config;
    private final ObjectMapper json;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public WorkerConnectivityClient(ApiConfig config, ObjectMapper json) {
        this.config = config;
        this.json = json;
    }

    /** Whether a worker can be asked at all: only with the internal token configured. */
    public boolean enabled() {
        return config.internal().token().filter(t -> !t.isBlank()).isPresent();
    }

    public Verdict check(String system, Map<String, Object> params) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(config.internal().workerUrl()
                            + "/internal/connectivity-check"))
                    .timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "application/json")
                    .header("X-Synclane-Internal-Token", config.internal().token().orElseThrow())
                    .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(
                            Map.of("system", system, "params", params))))
                    .build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return new Verdict(false, "The worker refused the connectivity check (" + response.statusCode()
                        + "); check SYNCLANE_INTERNAL_TOKEN on both services.");
            }
            JsonNode verdict = json.readTree(response.body());
            return new Verdict(verdict.path("success").asBoolean(),
                    Optional.ofNullable(verdict.get("detail")).filter(d -> !d.isNull()).map(JsonNode::asText).orElse(null));
        } catch (IOException e) {
            return new Verdict(false, "No worker answered the connectivity check at " + config.internal().workerUrl()
                    + " (" + e.getClass().getSimpleName() + "); try again when the workers run.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Verdict(false, "The connectivity check was interrupted.");
        }
    }
}
