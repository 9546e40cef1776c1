package io.synclane.api.face.rpm;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.synclane.api.testing.Accounts;
import io.synclane.api.testing.Accounts.Account;
import io.synclane.api.testing.Fixtures;
import io.synclane.common.domain.JobStatus;
import io.synclane.common.job.JobStore;
import io.synclane.common.job.JobStore.Claim;
import io.synclane.common.job.RunnerProcess;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Seed 003's two samples, the JSON list of {@code GET /v1/job_runs} and the XML of {@code GET /v1/job_runs/1},
 * against a real run: the same fields or elements, in the same order, of the same types, with the same headers.
 * Values differ (ids, times); the run has no stdout or stderr, as the sample's, so its nulls are the sample's.
 */
@QuarkusTest
class RpmSeedContractTest {
    private static final String SEED = "/seeds/003_40ac957bb5ad10bf.txt";

    @Inject
    JobStore store;

    private Account account;
    private Claim run;

    @BeforeEach
    void aFinishedRun() {
        account = Accounts.newTeamUser(true, true, true);
        run = new JobRuns(store).ended(account, Fixtures.analysisConnection(account).connectionId(),
                new RunnerProcess("seed-host", 7408), JobStatus.SUCCESS, "", "");
    }

    @Test
    void theJsonListHasTheSamplesFieldsInItsOrderAndTypes() throws Exception {
        Response answer = given().queryParam("token", account.token()).when().get("/v1/job_runs");
        assertEquals(200, answer.statusCode(), answer.asString());
        assertEquals("application/json;charset=utf-8", answer.contentType());
        assertSeedHeaders(answer);

        JsonNode sample = new ObjectMapper().readTree(sample("[{", "}]"));
        JsonNode actual = new ObjectMapper().readTree(answer.asString());
        assertEquals(1, actual.size());
        assertSameJson("$", sample.get(0), actual.get(0));
        assertEquals("Complete", actual.get(0).get("status").asText());
        assertEquals(run.runKey(), actual.get(0).get("run_key").asLong());
    }

    @Test
    void theXmlOfOneRunHasTheSamplesElementsInItsOrderAndTypes() throws Exception {
        Response answer = given().queryParam("token", account.token()).when().get("/v1/job_runs/{id}.xml", run.runId());
        assertEquals(200, answer.statusCode(), answer.asString());
        assertEquals("application/xml;charset=utf-8", answer.contentType());
        assertSeedHeaders(answer);
        assertTrue(answer.asString().startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<job-run>"), answer.asString());

        Element sample = xml(sample("<?xml", "</job-run>"));
        Element actual = xml(answer.asString());
        assertSameXml(sample, actual);
        assertEquals(String.valueOf(run.runId()), child(actual, "id").getTextContent());
        assertEquals("7408", child(actual, "process-id").getTextContent());
    }

    private static void assertSeedHeaders(Response answer) {
        assertTrue(answer.header("ETag").matches("\"[0-9a-f]{32}\""), answer.header("ETag"));
        assertEquals("max-age=0, private, must-revalidate", answer.header("Cache-Control"));
        assertTrue(answer.header("X-Request-Id").matches("[0-9a-f]{32}"), answer.header("X-Request-Id"));
    }

    /** Same names in the same order with the same JSON types; a sample's null must be null or text here. */
    private static void assertSameJson(String path, JsonNode sample, JsonNode actual) {
        assertEquals(names(sample.fieldNames()), names(actual.fieldNames()), path + ": fields or their order");
        for (Iterator<String> names = sample.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            JsonNode expected = sample.get(name);
            JsonNode value = actual.get(name);
            if (expected.isNull()) {
                assertTrue(value.isNull() || value.isTextual(), path + "." + name + ": " + value);
            } else if (expected.isObject()) {
                assertSameJson(path + "." + name, expected, value);
            } else {
                assertEquals(expected.getNodeType(), value.getNodeType(), path + "." + name + ": " + value);
            }
        }
    }

    private static List<String> names(Iterator<String> names) {
        List<String> list = new ArrayList<>();
        names.forEachRemaining(list::add);
        return list;
    }

    /** Same child elements in the same order, with the same {@code type} and {@code nil} attributes. */
    private static void assertSameXml(Element sample, Element actual) {
        assertEquals(sample.getTagName(), actual.getTagName());
        assertEquals(sample.getAttribute("type"), actual.getAttribute("type"), "type of " + sample.getTagName());
        assertEquals(sample.getAttribute("nil"), actual.getAttribute("nil"), "nil of " + sample.getTagName());
        List<Element> expected = children(sample);
        List<Element> found = children(actual);
        assertEquals(expected.stream().map(Element::getTagName).toList(), found.stream().map(Element::getTagName).toList(),
                "children of " + sample.getTagName());
        for (int i = 0; i < expected.size(); i++) {
            assertSameXml(expected.get(i), found.get(i));
        }
    }

    private static List<Element> children(Element parent) {
        List<Element> elements = new ArrayList<>();
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element) {
                elements.add(element);
            }
        }
        return elements;
    }

    private static Element child(Element parent, String name) {
        return children(parent).stream().filter(e -> e.getTagName().equals(name)).findFirst().orElseThrow();
    }

    static Element xml(String text) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8))).getDocumentElement();
    }

    private static String sample(String from, String through) throws Exception {
        try (InputStream in = RpmSeedContractTest.class.getResourceAsStream(SEED)) {
            String page = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int start = page.indexOf(from);
            return page.substring(start, page.indexOf(through, start) + through.length());
        }
    }
}
