package io.synclane.worker.connector.sarif;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.synclane.worker.config.ReportsConfig;
import io.synclane.worker.connector.ConnectorFailure;
import io.synclane.worker.connector.ReportFile;
import io.synclane.worker.service.JobLogBuffer;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SarifConnectorTest {
    private static final Path REAL_REPORT = Path.of("src/test/resources/sarif/spotbugs-4.9.3-findsecbugs-1.14.0.sarif");

    @TempDir
    Path root;
    private Path reports;
    private HttpServer server;
    private final JobLogBuffer log = new JobLogBuffer();

    @BeforeEach
    void setUp() throws Exception {
        reports = Files.createDirectories(root.resolve("reports"));
        Files.copy(REAL_REPORT, reports.resolve("spotbugs.sarif"));
        Files.writeString(root.resolve("secret.sarif"), Files.readString(REAL_REPORT));
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/report.sarif", exchange -> {
            byte[] body = Files.readAllBytes(REAL_REPORT);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.createContext("/missing", exchange -> {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        server.createContext("/down", exchange -> {
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void tearDown() {
        server.stop(0);
    }

    private SarifConnector connector(long maxBytes) {
        return new SarifConnector(new ReportsConfig() {
            @Override
            public Path dir() {
                return reports;
            }

            @Override
            public long maxBytes() {
                return maxBytes;
            }

            @Override
            public Duration fetchTimeout() {
                return Duration.ofSeconds(5);
            }
        });
    }

    private ConnectorFailure refused(Map<String, Object> params) {
        return assertThrows(ConnectorFailure.class, () -> connector(10_000_000).fetchReport(params, log));
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    @Test
    void aReportInTheFolderIsRead() throws Exception {
        assertEquals("SpotBugs", connector(10_000_000).fetchReport(Map.of("report_path", "spotbugs.sarif"), log).tool());
        assertTrue(log.stdout().contains("SpotBugs report"), log.stdout());
    }

    @Test
    void theBytesReadAreHandedOverBeforeParsingForARemoteAgentToUpload() throws Exception {
        java.util.List<ReportFile> kept = new java.util.ArrayList<>();
        connector(10_000_000).fetchReport(Map.of("report_url", url("/report.sarif")), log, kept::add);
        assertEquals(1, kept.size());
        assertEquals("report.sarif", kept.get(0).name(), "named by the connector, not by the (maybe local) params");
        assertEquals("application/sarif+json", kept.get(0).mime());
        assertArrayEquals(Files.readAllBytes(REAL_REPORT), kept.get(0).content());

        // An invalid report is kept too: it is what the job's failure is about.
        Files.writeString(reports.resolve("broken.sarif"), "not json");
        kept.clear();
        assertThrows(ConnectorFailure.class, () -> connector(10_000_000).fetchReport(
                Map.of("report_path", "broken.sarif"), log, kept::add));
        assertEquals("not json", new String(kept.get(0).content(), java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void aPathLeavingTheFolderIsRefusedWhetherOrNotTheFileExists() {
        assertTrue(refused(Map.of("report_path", "../secret.sarif")).getMessage().contains("outside"));
        assertTrue(refused(Map.of("report_path", "../nothing-here.sarif")).getMessage().contains("outside"));
        assertTrue(refused(Map.of("report_path", root.resolve("secret.sarif").toString())).getMessage()
                .contains("outside"));
    }

    @Test
    void aSymbolicLinkOutOfTheFolderIsRefused() throws Exception {
        Files.createSymbolicLink(reports.resolve("link.sarif"), root.resolve("secret.sarif"));
        assertTrue(refused(Map.of("report_path", "link.sarif")).getMessage().contains("outside"));
    }

    @Test
    void exactlyOneSourceMustBeGiven() {
        assertTrue(refused(Map.of()).getMessage().contains("report_path and report_url"));
        assertTrue(refused(Map.of("report_path", "spotbugs.sarif", "report_url", url("/report.sarif")))
                .getMessage().contains("report_path and report_url"));
    }

    @Test
    void aReportIsFetchedOverHttp() throws Exception {
        assertEquals(12, connector(10_000_000).fetchReport(Map.of("report_url", url("/report.sarif")), log)
                .findings().size());
    }

    @Test
    void onlyHttpAndHttpsUrlsAreFetched() {
        assertTrue(refused(Map.of("report_url", "file:///etc/passwd")).getMessage().contains("http or https"));
    }

    @Test
    void aReportOverTheSizeCapIsRefusedNotTruncated() {
        ConnectorFailure fromFile = assertThrows(ConnectorFailure.class,
                () -> connector(1000).fetchReport(Map.of("report_path", "spotbugs.sarif"), log));
        assertTrue(fromFile.getMessage().contains("larger than 1000 bytes"));
        ConnectorFailure fromUrl = assertThrows(ConnectorFailure.class,
                () -> connector(1000).fetchReport(Map.of("report_url", url("/report.sarif")), log));
        assertTrue(fromUrl.getMessage().contains("larger than 1000 bytes"));
    }

    @Test
    void aClientErrorIsFinalAServerErrorMayPassOnRetry() {
        ConnectorFailure missing = refused(Map.of("report_url", url("/missing")));
        assertTrue(missing.getMessage().contains("answered 404"));
        assertFalse(missing.retryable());
        ConnectorFailure down = refused(Map.of("report_url", url("/down")));
        assertTrue(down.getMessage().contains("answered 503"));
        assertTrue(down.retryable());
    }

    @Test
    void credentialsInTheUrlAreNeverRepeated() {
        ConnectorFailure failure = refused(Map.of("report_url",
                "http://user:hunter2@127.0.0.1:" + server.getAddress().getPort() + "/missing?token=s3cret"));
        assertFalse(failure.getMessage().contains("hunter2"), failure.getMessage());
        assertFalse(failure.getMessage().contains("s3cret"), failure.getMessage());
        assertFalse(log.combined().contains("hunter2") || log.combined().contains("s3cret"), log.combined());
    }

    @Test
    void aRefusedConnectionMayPassOnRetry() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        ConnectorFailure failure = refused(Map.of("report_url", "http://127.0.0.1:" + closedPort + "/r.sarif"));
        assertTrue(failure.retryable(), failure.getMessage());
    }

}
