package io.synclane.api.http;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.synclane.api.testing.Accounts;
import io.synclane.api.testing.Accounts.Account;
import io.synclane.api.testing.Fixtures;
import io.synclane.common.domain.Project;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The edge of every face: a body over its route's limit is 413 in the face's own error shape (declared or chunked,
 * before it is read whole), a JSON body must be UTF-8, a matrix parameter names no record, a request with an empty
 * body is answered at once, and routes, methods and media types a face does not have are refused in its own shape.
 */
@QuarkusTest
class RequestLimitsTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TestHTTPResource("/")
    URL base;

    private final Account owner = Accounts.newTeamAdmin();

    @Test
    void anOversizedBodyIs413InEachFacesShapeAndWritesNothing() throws Exception {
        long projects = projects(owner);
        byte[] twoMiB = json(2 << 20);
        HttpResponse<String> declared = send("POST", "/api/v2/projects/", owner.header(), twoMiB, false);
        assertEquals(413, declared.statusCode());
        assertTrue(declared.body().startsWith("{\"detail\":\"Request body too large"), declared.body());
        HttpResponse<String> chunked = send("POST", "/api/v2/projects/", owner.header(), twoMiB, true);
        assertEquals(413, chunked.statusCode(), "a body of unknown length is cut at the limit");
        assertEquals(projects, projects(owner), "nothing written");

        HttpResponse<String> dci = send("POST", "/api/v1/remotecis", owner.basic(), json(300 << 10), true);
        assertEquals(413, dci.statusCode());
        assertTrue(dci.body().contains("\"status_code\":413"), dci.body());
        HttpResponse<String> rpm = send("POST", "/v1/job_runs.xml?token=" + owner.token(), null, json(100 << 10), false);
        assertEquals(413, rpm.statusCode());
        assertTrue(rpm.body().contains("<errors>"), rpm.body());
    }

    @Test
    void aFileRouteTakesMoreThanTheFacesOtherRoutes() throws Exception {
        int connection = Fixtures.analysisConnection(owner).connectionId();
        String job = given().header("Authorization", owner.basic()).contentType("application/json")
                .body("{\"jobdefinition_id\": " + connection + "}").post("/api/v1/jobs").path("job.id");
        byte[] content = new byte[300 << 10];
        Arrays.fill(content, (byte) 'x');
        Response file = given().header("Authorization", owner.basic()).header("DCI-JOB-ID", job)
                .header("DCI-NAME", "big.log").body(content).post("/api/v1/files");
        assertEquals(201, file.statusCode(), file.asString());
    }

    @Test
    void aJsonBodyThatIsNotUtf8IsRefused() throws Exception {
        long projects = projects(owner);
        // C0 AF is an overlong "/": Jackson read it as one, so a name became "/x"
        byte[] overlong = {'{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xC0, (byte) 0xAF, 'x', '"', '}'};
        HttpResponse<String> v2 = send("POST", "/api/v2/projects/", owner.header(), overlong, false);
        assertEquals(400, v2.statusCode(), v2.body());
        assertEquals("{\"detail\":\"The body is not valid UTF-8.\"}", v2.body());
        HttpResponse<String> dci = send("POST", "/api/v1/remotecis", owner.basic(), overlong, false);
        assertEquals(400, dci.statusCode(), dci.body());
        assertEquals(projects, projects(owner));
    }

    @Test
    void aMatrixParameterNamesNoRecord() throws Exception {
        int project = Fixtures.post(owner, "/api/v2/projects/", "{\"name\": \"kept-" + System.nanoTime() + "\"}");
        HttpResponse<String> answer = send("DELETE", "/api/v2/projects/" + project + ";DROP%20TABLE%20job/",
                owner.header(), null, false);
        assertEquals(404, answer.statusCode(), answer.body());
        assertTrue(QuarkusTransaction.requiringNew().call(() -> Project.findById((long) project) != null),
                "JAX-RS read \"" + project + ";...\" as project " + project + " and deleted it");
    }

    @Test
    void anEmptyBodyIsAnsweredAtOnce() throws Exception {
        // Content-Length: 0 and an empty chunked body: read before Quarkus REST, it waited for a body already ended
        for (boolean chunked : new boolean[] {false, true}) {
            HttpResponse<String> v2 = send("POST", "/api/v2/projects/", owner.header(), new byte[0], chunked);
            assertEquals(400, v2.statusCode(), v2.body());
            assertEquals("{\"name\":[\"This field is required.\"]}", v2.body());
            HttpResponse<String> dci = send("POST", "/api/v1/jobs", owner.basic(), new byte[0], chunked);
            assertEquals(400, dci.statusCode(), dci.body());
            assertTrue(dci.body().contains("\"jobdefinition_id\":\"is required\""), dci.body());
        }
    }

    @Test
    void routesMethodsAndMediaTypesAFaceDoesNotHaveAreRefusedInItsShape() throws Exception {
        HttpResponse<String> dciRoute = send("GET", "/api/v1/nowhere", owner.basic(), null, false);
        assertEquals(404, dciRoute.statusCode());
        assertEquals("{\"status_code\":404,\"message\":\"Not Found.\",\"payload\":{}}", dciRoute.body());
        HttpResponse<String> dciMethod = send("PATCH", "/api/v1/jobs", owner.basic(), null, false);
        assertEquals(405, dciMethod.statusCode());
        assertTrue(dciMethod.body().contains("\"status_code\":405"), dciMethod.body());
        HttpResponse<String> rpm = send("POST", "/v1/nowhere.xml?token=" + owner.token(), null, null, false);
        assertTrue(rpm.statusCode() == 404 || rpm.statusCode() == 405, rpm.body());
        assertTrue(rpm.body().contains("<errors>"), rpm.body());
        HttpResponse<String> v2 = send("POST", "/api/v2/projects/", owner.header(), "{}".getBytes(StandardCharsets.UTF_8),
                false, "text/plain");
        assertEquals(415, v2.statusCode());
        assertEquals("{\"detail\":\"Unsupported Media Type.\"}", v2.body());
    }

    private static long projects(Account account) {
        return QuarkusTransaction.requiringNew().call(() -> Project.count("teamId", account.teamId()));
    }

    private static byte[] json(int size) {
        StringBuilder text = new StringBuilder(size + 32).append("{\"name\": \"x\", \"padding\": \"");
        while (text.length() < size) {
            text.append("0123456789abcdef");
        }
        return text.append("\"}").toString().getBytes(StandardCharsets.UTF_8);
    }

    private HttpResponse<String> send(String method, String path, String authorization, byte[] body, boolean chunked)
            throws Exception {
        return send(method, path, authorization, body, chunked, "application/json");
    }

    private HttpResponse<String> send(String method, String path, String authorization, byte[] body, boolean chunked,
            String type) throws Exception {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : chunked ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))
                : HttpRequest.BodyPublishers.ofByteArray(body);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base.toString().replaceAll("/$", "") + path))
                .timeout(Duration.ofSeconds(10)).method(method, publisher).header("Content-Type", type);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
