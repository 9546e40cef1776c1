package io.synclane.api.face.dci;

import static io.restassured.RestAssured.given;

import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.synclane.api.testing.Accounts.Account;
import io.synclane.api.testing.Fixtures;
import io.synclane.common.auth.Dci2Signature;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** How the DCI face's tests call it: as a user (Basic email:key), as an agent (Basic or signed), with fixtures. */
final class DciCalls {
    /** A remote agent as its creation answered it. */
    record Agent(long id, String secret, String etag) {
        String client() {
            return "remoteci/" + id;
        }

        String basic() {
            return "Basic " + Base64.getEncoder().encodeToString((client() + ":" + secret).getBytes(StandardCharsets.UTF_8));
        }
    }

    private DciCalls() {
    }

    static RequestSpecification as(Account user) {
        return given().header("Authorization", user.basic()).contentType("application/json");
    }

    static RequestSpecification as(Agent agent) {
        return given().header("Authorization", agent.basic()).contentType("application/json");
    }

    /** A team admin registers an agent of the team. */
    static Agent newAgent(Account admin) {
        Response answer = as(admin).body("{\"name\": \"agent-" + System.nanoTime() + "\"}").post("/api/v1/remotecis");
        if (answer.statusCode() != 201) {
            throw new AssertionError("agent not created: " + answer.asString());
        }
        return new Agent(Long.parseLong(answer.path("remoteci.id")), answer.path("remoteci.api_secret"),
                answer.header("ETag"));
    }

    /** A connection of the account's team whose connector is inaccessible: its jobs wait for an agent. */
    static int inaccessibleConnection(Account account) {
        int project = Fixtures.post(account, "/api/v2/projects/",
                "{\"name\": \"remote-" + System.nanoTime() + "\", \"profile\": \"web-app\"}");
        int connector = Fixtures.post(account, "/api/v2/connectors/analysis/", """
                {"name": "On-site SARIF", "system": {"id": "sarif"}, "inaccessible": true,
                 "params": {"report_path": "onsite.sarif"}}""");
        return Fixtures.post(account, "/api/v2/connections/analysis/", """
                {"alias": "On-site import", "connector": %d, "project": %d, "params": {"report_path": "local.sarif"}}"""
                .formatted(connector, project));
    }

    static String createJob(Account user, int connectionId) {
        Response answer = as(user).body("{\"jobdefinition_id\": \"" + connectionId + "\"}").post("/api/v1/jobs");
        if (answer.statusCode() != 201) {
            throw new AssertionError("job not created: " + answer.asString());
        }
        return answer.path("job.id");
    }

    /**
     * A request signed as python-dciauth signs it, {@code at} the given time: method, path, query, host and date
     * headers, and the body's exact bytes.
     */
    static Response signed(Agent agent, String method, String pathAndQuery, String body, Instant at) {
        return signed(agent, method, pathAndQuery, body, body, at);
    }

    /** As {@link #signed(Agent, String, String, String, Instant)}, but sending {@code sentBody} (tampering). */
    static Response signed(Agent agent, String method, String pathAndQuery, String signedBody, String sentBody,
            Instant at) {
        Map<String, String> headers = signedHeaders(agent, method, pathAndQuery, signedBody, at);
        RequestSpecification request = given().urlEncodingEnabled(false).headers(headers);
        if (!sentBody.isEmpty()) {
            request = request.contentType("application/json").body(sentBody.getBytes(StandardCharsets.UTF_8));
        }
        return request.request(method, pathAndQuery);
    }

    /** The {@code Host}, {@code X-DCI-Date} and {@code Authorization} headers that sign this request. */
    static Map<String, String> signedHeaders(Agent agent, String method, String pathAndQuery, String body, Instant at) {
        URI uri = URI.create(pathAndQuery);
        List<Map.Entry<String, String>> query = new ArrayList<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                String[] kv = pair.split("=", 2);
                query.add(Map.entry(java.net.URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                        java.net.URLDecoder.decode(kv.length > 1 ? kv[1] : "", StandardCharsets.UTF_8)));
            }
        }
        String host = "localhost:" + RestAssured.port;
        Map<String, String> headers = new java.util.HashMap<>(Dci2Signature.sign(agent.client(),
                new Dci2Signature.Request(method, uri.getRawPath(), query, name -> null,
                        body.getBytes(StandardCharsets.UTF_8)), agent.secret(), at, host));
        headers.put("Host", host);
        return headers;
    }
}
