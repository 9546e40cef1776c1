package io.synclane.worker.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.synclane.common.auth.Dci2Signature;
import io.synclane.common.domain.ConnectionKind;
import io.synclane.common.domain.JobStatus;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The agent's side of {@code /api/v1} (the contract in the api-service's DCI face): schedule, job states, the job's
 * tasks, files. Every request is signed {@code DCI2-HMAC-SHA256} over the exact bytes sent and the exact {@code Host}
 * header the JDK client sends; the secret itself never travels.
 */
public final class DciClient {
    private static final TypeReference<Map<String, Object>> PARAMS = new TypeReference<>() {
    };

    private final URI base;
    private final String agentId;
    private final String client;
    private final String secret;
    private final Duration timeout;
    private final ObjectMapper json;
    private final Clock clock;
    private final HttpClient http;

    /**
     * @param base    the api-service's URL, with or without a path prefix
     * @param agentId the remote CI's id, {@code 7}; {@code remoteci/7} is read the same
     */
    public DciClient(URI base, String agentId, String secret, Duration timeout, ObjectMapper json, Clock clock) {
        String scheme = base.getScheme() == null ? "" : base.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || base.getHost() == null) {
            throw new IllegalArgumentException("the agent's URL must be an http or https URL with a host, not \"" + base
                    + "\"");
        }
        this.base = base;
        this.agentId = agentId.startsWith("remoteci/") ? agentId.substring("remoteci/".length()) : agentId;
        this.client = "remoteci/" + this.agentId;
        this.secret = secret;
        this.timeout = timeout;
        this.json = json;
        this.clock = clock;
        // HTTP/1.1 only: no h2c upgrade dance, and the Host header is the one hostHeader() computes.
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public String agentId() {
        return agentId;
    }

    /** Call 1: the next job waiting for this agent, now held by it ({@code pre-run}); empty on 412. */
    public Optional<AssignedJob> schedule() {
        HttpResponse<byte[]> answer = send("POST", "/api/v1/jobs/schedule", body(Map.of("remoteci_id", agentId)),
                Map.of("Content-Type", "application/json"), false);
        if (answer.statusCode() == 412) {
            return Optional.empty();
        }
        JsonNode job = read(expect(answer, 201, "schedule"), "schedule").path("job");
        JsonNode definition = job.path("jobdefinition");
        try {
            Map<String, Object> params = definition.path("params").isObject()
                    ? json.convertValue(definition.path("params"), PARAMS) : Map.of();
            return Optional.of(new AssignedJob(job.path("id").asLong(), text(job.path("jobdefinition_id")),
                    definition.path("name").asText(""), ConnectionKind.fromWire(definition.path("kind").asText()),
                    definition.path("system").asText(), definition.path("project_id").asLong(), params));
        } catch (IllegalArgumentException e) {
            throw new DciCallFailed(answer.statusCode(), "schedule answered a job this agent cannot read (job "
                    + text(job.path("id")) + ")", e);
        }
    }

    /**
     * Call 2: moves the job (or, with its current status, renews its lease); the comment of an end state becomes the
     * job's result message. Returns the job state's id.
     *
     * @throws JobNoLongerOurs when the job ended or was taken over (409)
     */
    public String postJobState(long jobId, JobStatus status, String comment) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("job_id", String.valueOf(jobId));
        state.put("status", status.wire());
        state.put("comment", comment);
        HttpResponse<byte[]> answer = send("POST", "/api/v1/jobstates", body(state),
                Map.of("Content-Type", "application/json"), true);
        return text(read(expect(answer, 201, "jobstates"), "jobstates").path("jobstate").path("id"));
    }

    /** Call 3: the job's project tasks, each with the issue mapping its connection keeps (or null). */
    public JsonNode tasks(long jobId) {
        HttpResponse<byte[]> answer = send("GET", "/api/v1/jobs/" + jobId + "/tasks", new byte[0], Map.of(), true);
        return read(expect(answer, 200, "tasks"), "tasks").path("tasks");
    }

    /** Call 4: writes task statuses, verification statuses and issue mappings in one server-side transaction. */
    public void postTasks(long jobId, List<Map<String, Object>> tasks) {
        HttpResponse<byte[]> answer = send("POST", "/api/v1/jobs/" + jobId + "/tasks", body(Map.of("tasks", tasks)),
                Map.of("Content-Type", "application/json"), true);
        expect(answer, 204, "tasks");
    }

    /** Call 5: attaches a file to the job (DCI-MD5 lets the server refuse a damaged upload). */
    public void uploadFile(long jobId, String name, String mime, byte[] content) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", mime);
        headers.put("DCI-NAME", name);
        headers.put("DCI-MIME", mime);
        headers.put("DCI-JOB-ID", String.valueOf(jobId));
        headers.put("DCI-MD5", md5(content));
        expect(send("POST", "/api/v1/files", content, headers, true), 201, "files");
    }

    /** The Host header java.net.http sends over HTTP/1.1: the port only when it is not the scheme's default. */
    static String hostHeader(URI uri) {
        int port = uri.getPort();
        boolean secure = "https".equalsIgnoreCase(uri.getScheme());
        boolean defaultPort = port == -1 || port == (secure ? 443 : 80);
        return defaultPort ? uri.getHost() : uri.getHost() + ":" + port;
    }

    private HttpResponse<byte[]> send(String method, String path, byte[] body, Map<String, String> headers,
            boolean conflictMeansLost) {
        URI uri = URI.create(base.toString().replaceAll("/+$", "") + path);
        Dci2Signature.Request unsigned = new Dci2Signature.Request(method, uri.getRawPath(), List.of(), name -> null,
                body);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout)
                .method(method, body.length == 0 && method.equals("GET") ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Accept", "application/json");
        headers.forEach(request::header);
        Dci2Signature.sign(client, unsigned, secret, clock.instant(), hostHeader(uri)).forEach(request::header);
        HttpResponse<byte[]> answer;
        try {
            answer = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new DciCallFailed(0, method + " " + path + ": no answer from " + base + " ("
                    + e.getClass().getSimpleName() + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DciCallFailed(0, method + " " + path + " was interrupted", e);
        }
        if (answer.statusCode() == 409 && conflictMeansLost) {
            throw new JobNoLongerOurs(method + " " + path + " answered 409: " + message(answer));
        }
        return answer;
    }

    private HttpResponse<byte[]> expect(HttpResponse<byte[]> answer, int status, String call) {
        if (answer.statusCode() != status) {
            String hint = answer.statusCode() == 401 ? " (are SYNCLANE_AGENT_ID and SYNCLANE_AGENT_SECRET right?)" : "";
            throw new DciCallFailed(answer.statusCode(), call + " answered " + answer.statusCode() + ": "
                    + message(answer) + hint, null);
        }
        return answer;
    }

    /** The error body's {@code message}, else a short piece of whatever came. */
    private String message(HttpResponse<byte[]> answer) {
        String text = new String(answer.body(), StandardCharsets.UTF_8);
        try {
            JsonNode node = json.readTree(text);
            if (node != null && node.hasNonNull("message")) {
                return node.get("message").asText();
            }
        } catch (JsonProcessingException e) {
            // not JSON: shown as it came, shortened
        }
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }

    private JsonNode read(HttpResponse<byte[]> answer, String call) {
        try {
            return json.readTree(answer.body());
        } catch (IOException e) {
            throw new DciCallFailed(answer.statusCode(), call + " answered something that is not JSON", e);
        }
    }

    private byte[] body(Object value) {
        try {
            return json.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a request body of maps and strings always serialises", e);
        }
    }

    /** Ids travel as strings of integers, or numbers; null stays null. */
    private static String text(JsonNode node) {
        return node.isMissingNode() || node.isNull() ? null : node.asText();
    }

    private static String md5(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has MD5", e);
        }
    }
}
