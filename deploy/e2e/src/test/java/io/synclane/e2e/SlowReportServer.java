package io.synclane.e2e;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The demo's SARIF report over HTTP, whose first fetch hangs until released: a run is then certainly under way when
 * a test kills the process running it. Every later fetch answers at once.
 */
final class SlowReportServer implements AutoCloseable {
    private final HttpServer server;
    private final CountDownLatch firstFetchStarted = new CountDownLatch(1);
    private final CountDownLatch releaseFirstFetch = new CountDownLatch(1);

    SlowReportServer() throws IOException {
        byte[] report = Files.readAllBytes(EndToEnd.HOME.resolve("deploy/demo/reports/spotbugs-demo.sarif"));
        AtomicInteger fetches = new AtomicInteger();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/report.sarif", exchange -> {
            if (fetches.incrementAndGet() == 1) {
                firstFetchStarted.countDown();
                try {
                    releaseFirstFetch.await(120, TimeUnit.SECONDS); // the process fetching it dies while waiting here
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            exchange.sendResponseHeaders(200, report.length);
            exchange.getResponseBody().write(report);
            exchange.close();
        });
        server.start();
    }

    /** The {@code report_url} of a SARIF connection. */
    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/report.sarif";
    }

    /** Whether a first fetch began within the time. */
    boolean awaitFirstFetch(long seconds) throws InterruptedException {
        return firstFetchStarted.await(seconds, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        releaseFirstFetch.countDown();
        server.stop(0);
    }
}
