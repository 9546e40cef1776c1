package io.synclane.api.face.dci;

import static io.synclane.api.face.dci.DciCalls.as;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.synclane.api.service.JobFileService;
import io.synclane.api.testing.Accounts;
import io.synclane.api.testing.Accounts.Account;
import io.synclane.api.testing.Fixtures;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Files on the DCI face: python-dciclient's raw upload with DCI-* headers and the seed's JSON upload, the MD5 of
 * the content, the bytes back with their MIME type, the size cap (413, nothing stored), and JUnit results: their
 * arithmetic, and a hostile file refused at upload without its entities ever being fetched.
 */
@QuarkusTest
class DciFileResourceTest {
    private Account admin;
    private String job;

    @BeforeEach
    void aJob() {
        admin = Accounts.newTeamAdmin();
        job = DciCalls.createJob(admin, Fixtures.analysisConnection(admin).connectionId());
    }

    @Test
    void aRawUploadKeepsItsBytesMimeAndMd5() {
        byte[] bytes = new byte[70_000];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 31);
        }
        Response created = raw("report.bin", "application/octet-stream", bytes).post("/api/v1/files");
        assertEquals(201, created.statusCode(), created.asString());
        assertEquals(JobFileService.md5(bytes), created.path("file.md5"));
        assertEquals(job, created.path("file.job_id"));
        assertNull(created.path("file.content"), "binary or large content is not inlined");

        Response content = as(admin).get("/api/v1/files/" + created.path("file.id") + "/content");
        assertEquals(200, content.statusCode());
        assertTrue(content.contentType().startsWith("application/octet-stream"), content.contentType());
        assertArrayEquals(bytes, content.asByteArray());
    }

    @Test
    void aClaimedMd5MustBeTheContents() {
        byte[] bytes = "hello".getBytes(StandardCharsets.UTF_8);
        Response wrong = raw("a.txt", null, bytes).header("DCI-MD5", "0".repeat(32)).post("/api/v1/files");
        assertEquals(400, wrong.statusCode(), wrong.asString());
        assertTrue(wrong.asString().contains("md5"));
        Response right = raw("a.txt", null, bytes).header("DCI-MD5", JobFileService.md5(bytes)).post("/api/v1/files");
        assertEquals(201, right.statusCode(), right.asString());
        assertEquals("text/plain", right.path("file.mime"), "DCI-MIME defaults to text/plain");
        assertEquals("hello", right.path("file.content"));
        assertEquals(1, (int) as(admin).get("/api/v1/jobs/" + job + "/files").path("_meta.count"));
    }

    @Test
    void aFileOverTheCapIs413AndNothingIsStored() {
        byte[] big = new byte[16 * 1024 * 1024 + 1];
        Arrays.fill(big, (byte) 'a');
        Response answer = raw("big.txt", "text/plain", big).post("/api/v1/files");
        assertEquals(413, answer.statusCode());
        byte[] exact = new byte[16 * 1024 * 1024];
        Arrays.fill(exact, (byte) 'b');
        assertEquals(201, raw("exact.txt", "text/plain", exact).post("/api/v1/files").statusCode(),
                "16 MiB exactly is allowed");
        Response files = as(admin).get("/api/v1/jobs/" + job + "/files");
        assertEquals(1, (int) files.path("_meta.count"));
        assertEquals("exact.txt", files.path("files[0].name"));
    }

    @Test
    void resultsSumEachJUnitFile() {
        raw("suite.xml", "application/junit", """
                <testsuite name="unit" tests="10" failures="2" errors="1" skipped="3" time="1.5"/>""".getBytes())
                .post("/api/v1/files").then().statusCode(201);
        raw("suites.xml", "application/junit", """
                <testsuites><testsuite name="a" tests="4" failures="1" errors="0" skips="0" time="1"/>
                <testsuite name="b" tests="6" failures="0" errors="2" skips="1" time="2"/></testsuites>""".getBytes())
                .post("/api/v1/files").then().statusCode(201);
        raw("notes.txt", "text/plain", "not results".getBytes()).post("/api/v1/files").then().statusCode(201);

        Response results = as(admin).get("/api/v1/jobs/" + job + "/results");
        assertEquals(200, results.statusCode(), results.asString());
        assertEquals(2, (int) results.path("_meta.count"));
        assertEquals("10", results.path("results.'suite.xml'.total"));
        assertEquals("3", results.path("results.'suite.xml'.skips"));
        assertEquals(4, (int) results.path("results.'suite.xml'.success"), "10 - 2 - 1 - 3");
        assertEquals("10", results.path("results.'suites.xml'.total"));
        assertEquals(6, (int) results.path("results.'suites.xml'.success"), "10 - 1 - 2 - 1");
    }

    @Test
    void aJUnitFileWithAnExternalEntityIsRefusedAndNeverFetched() throws Exception {
        AtomicInteger fetched = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            fetched.incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        try {
            String xxe = """
                    <?xml version="1.0"?>
                    <!DOCTYPE testsuite [<!ENTITY leak SYSTEM "http://127.0.0.1:%d/steal">]>
                    <testsuite name="&leak;" tests="1" failures="0" errors="0" skips="0" time="1"/>"""
                    .formatted(server.getAddress().getPort());
            Response answer = raw("xxe.xml", "application/junit", xxe.getBytes()).post("/api/v1/files");
            assertEquals(400, answer.statusCode(), answer.asString());
            assertTrue(answer.asString().contains("content"), answer.asString());
            Response broken = raw("broken.xml", "application/junit", "<testsuite".getBytes()).post("/api/v1/files");
            assertEquals(400, broken.statusCode(), broken.asString());
        } finally {
            server.stop(0);
        }
        assertEquals(0, fetched.get(), "the parser never fetched the external entity");
        assertEquals(0, (int) as(admin).get("/api/v1/jobs/" + job + "/files").path("_meta.count"), "nothing stored");
    }

    @Test
    void anUploadCutOffMidwayStoresNothingAndTheNextOneGoesThrough() throws Exception {
        byte[] part = new byte[64 * 1024];
        Arrays.fill(part, (byte) 'p');
        try (java.net.Socket socket = new java.net.Socket("localhost", io.restassured.RestAssured.port)) {
            java.io.OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/files HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + admin.basic()
                    + "\r\nDCI-NAME: cut.txt\r\nDCI-JOB-ID: " + job + "\r\nContent-Type: text/plain\r\n"
                    + "Content-Length: " + (1024 * 1024) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(part); // a sixteenth of what it announced, then the agent is gone
            out.flush();
        }
        Thread.sleep(500);
        assertEquals(0, (int) as(admin).get("/api/v1/jobs/" + job + "/files").path("_meta.count"), "nothing half-stored");
        Response retried = raw("cut.txt", "text/plain", part).post("/api/v1/files");
        assertEquals(201, retried.statusCode(), retried.asString());
        assertEquals(1, (int) as(admin).get("/api/v1/jobs/" + job + "/files").path("_meta.count"));
    }

    @Test
    void aFileNamesItsJob() {
        Response noJob = as(admin).header("DCI-NAME", "x.txt").body("x").post("/api/v1/files");
        assertEquals(400, noJob.statusCode(), noJob.asString());
        assertTrue(noJob.asString().contains("job_id"));
        Response noName = as(admin).header("DCI-JOB-ID", job).body("x").post("/api/v1/files");
        assertEquals(400, noName.statusCode());
        assertTrue(noName.asString().contains("name"));
    }

    private io.restassured.specification.RequestSpecification raw(String name, String mime, byte[] bytes) {
        io.restassured.specification.RequestSpecification request = as(admin).contentType("application/octet-stream")
                .header("DCI-NAME", name).header("DCI-JOB-ID", job).body(bytes);
        return mime == null ? request : request.header("DCI-MIME", mime);
    }
}
