package io.synclane.api.contract;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.synclane.api.contract.SeedExamples.Example;
import io.synclane.api.testing.Accounts;
import io.synclane.api.testing.Accounts.Account;
import io.synclane.api.testing.Fixtures;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every request/response example of seeds 000, 001 and 002, replayed as the page shows it: same status,
 * same fields, same JSON types. The page's ids are replaced by this test's records; nothing else of a
 * request is changed except where noted below.
 */
@QuarkusTest
class SeedContractTest {
    private static final String READY = "seed 001 shows a number (129) once and a boolean elsewhere; the seeds"
            + " README says ready is the boolean twin of completed";
    private static final String EXPANDED = "seed 000's per-project ?expand=connection example shows the id, as"
            + " without expand; the seeds README says expand=connection embeds the object, as everywhere else";
    private static final Pattern PROJECT = Pattern.compile("/projects/\\d+/");
    private static final Pattern RECORD = Pattern.compile("/(connectors|connections|jobs)/(alm|analysis)/(\\d+|\\{\\w+\\})");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Stands in for the ALM servers the pages name, which this machine cannot reach. */
    private static HttpServer alm;

    private static World world;

    /** The records the examples' ids are mapped onto, made once for all examples. */
    private record World(Account account, long project, Map<String, Long> connectors, long spareAlmConnector,
            Map<String, Long> connections, Map<String, Long> jobs) {
    }

    @BeforeAll
    static void startAlm() throws Exception {
        alm = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        alm.createContext("/", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        alm.start();
    }

    @AfterAll
    static void stopAlm() {
        alm.stop(0);
    }

    @TestFactory
    Stream<DynamicTest> everyExampleOfTheV2Pages() throws Exception {
        List<Example> examples = new ArrayList<>();
        for (String page : List.of("000_da449d4cd7444706.txt", "001_a834e2824d5abe68.txt",
                "002_591e40dd2bbfb622.txt")) {
            examples.addAll(SeedExamples.read(page));
        }
        assertEquals(27, examples.size(), "examples found in the three pages");
        return examples.stream().map(example -> DynamicTest.dynamicTest(example.toString(), () -> replay(example)));
    }

    private static void replay(Example example) throws Exception {
        World w = world();
        String path = path(example, w);
        RequestSpecification request = given().header("Authorization", "Token \"" + w.account().token() + "\"")
                .accept(ContentType.JSON);
        if (example.requestBody() != null) {
            request = request.contentType(ContentType.JSON).body(JSON.writeValueAsString(body(example, w)));
        }
        Response response = request.when().request(example.method(), path);
        assertEquals(example.status(), response.statusCode(), example + ": " + response.asString());
        if (example.responseBody() != null) {
            JsonShape.assertSameShape(example.responseBody(), JSON.readTree(response.asString()), deviations(example));
        }
    }

    /** Where the service knowingly differs from a page, and why. */
    private static Map<String, String> deviations(Example example) {
        if (example.path().matches("/api/v2/projects/\\d+/jobs/\\w+/\\?expand=connection")) {
            return Map.of("ready", READY, "connection", EXPANDED);
        }
        return Map.of("ready", READY);
    }

    /**
     * The page's path on this test's records. Seed 001 shows jobs with their connection embedded, which
     * the seeds README serves with {@code ?expand=connection} (seed 000 shows the id without it).
     */
    private static String path(Example example, World w) {
        String path = PROJECT.matcher(example.path()).replaceAll("/projects/" + w.project() + "/");
        Matcher record = RECORD.matcher(path);
        StringBuilder mapped = new StringBuilder();
        while (record.find()) {
            String kind = record.group(2);
            long id = switch (record.group(1)) {
                case "connectors" -> "1".equals(record.group(3)) || "analysis".equals(kind)
                        ? w.connectors().get(kind) : w.spareAlmConnector();
                case "connections" -> w.connections().get(kind);
                default -> w.jobs().get(kind);
            };
            record.appendReplacement(mapped, "/" + record.group(1) + "/" + kind + "/" + id);
        }
        record.appendTail(mapped);
        path = mapped.toString();
        if (example.page().equals("001") && !path.contains("expand=")) {
            path += (path.contains("?") ? "&" : "?") + "expand=connection";
        }
        return path;
    }

    /**
     * The page's body on this test's records: ids of connections, connectors and projects; a system the
     * service does not have (the pages' Rally) becomes Jira; a connectivity test's server becomes the
     * local stand-in.
     */
    private static JsonNode body(Example example, World w) {
        ObjectNode body = example.requestBody().deepCopy();
        String kind = example.path().contains("analysis") ? "analysis" : "alm";
        if (body.has("connection")) {
            body.put("connection", w.connections().get(kind));
        }
        if (body.has("connector")) {
            body.put("connector", w.connectors().get(kind));
        }
        if (body.has("project")) {
            body.put("project", w.project());
        }
        if (body.path("system").path("id").asText().equals("rally")) {
            body.putObject("system").put("id", "jira");
        }
        if (example.path().contains("/test") && body.has("params")) {
            ((ObjectNode) body.get("params")).put("alm_server", "http://127.0.0.1:" + alm.getAddress().getPort());
        }
        return body;
    }

    private static synchronized World world() {
        if (world == null) {
            Account account = Accounts.newTeamUser(true, true, true);
            long project = Fixtures.post(account, "/api/v2/projects/", "{\"name\": \"Demo Project\"}");
            long jira = Fixtures.post(account, "/api/v2/connectors/alm/", """
                    {"name": "JIRA Example Connector", "system": {"id": "jira"},
                     "params": {"alm_server": "bugs.server.co", "alm_user": "Sindy", "alm_pass": "id",
                                "sde_min_priority": "7", "conflict_policy": "alm"}}""");
            long spare = Fixtures.post(account, "/api/v2/connectors/alm/", """
                    {"name": "Spare", "system": {"id": "redmine"}, "params": {}}""");
            long sarif = Fixtures.post(account, "/api/v2/connectors/analysis/", """
                    {"name": "SARIF", "system": {"id": "sarif"}, "params": {}}""");
            long almConnection = Fixtures.post(account, "/api/v2/connections/alm/", """
                    {"alias": "Jira Integration", "connector": %d, "project": %d, "frequency": "daily",
                     "params": {"alm_project": "WEB"}}""".formatted(jira, project));
            long analysisConnection = Fixtures.post(account, "/api/v2/connections/analysis/", """
                    {"alias": "Import", "connector": %d, "project": %d,
                     "params": {"report_path": "report.sarif"}}""".formatted(sarif, project));
            world = new World(account, project, Map.of("alm", jira, "analysis", sarif), spare,
                    Map.of("alm", almConnection, "analysis", analysisConnection),
                    Map.of("alm", reported(account, project, "alm", almConnection),
                            "analysis", reported(account, project, "analysis", analysisConnection)));
        }
        return world;
    }

    /** A finished job of each side, so that every job list has an item to compare. */
    private static long reported(Account account, long project, String kind, long connection) {
        return given().header("Authorization", account.header()).contentType(ContentType.JSON)
                .body("{\"connection\": %d, \"result_message\": \"Error Message\", \"succeeded\": false}"
                        .formatted(connection))
                .when().post("/api/v2/projects/{p}/jobs/{kind}/", project, kind)
                .then().statusCode(200).extract().<Integer>path("id").longValue();
    }
}
