package io.synclane.stack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One of the two services, run from its packaged Quarkus fast-jar as its own process. */
public final class ServiceProcess {
    private final String name;
    private final ProcessHandle process;
    private final int port;
    private final Path logFile;

    private ServiceProcess(String name, ProcessHandle process, int port, Path logFile) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.logFile = logFile;
    }

    /**
     * Starts {@code java -Xmx256m -jar quarkus-run.jar} with the given environment (added to ours) and
     * {@code quarkus.http.port}; its output is appended to the log file. Nothing ties it to this JVM, so it
     * outlives it; it stays in this terminal session, so Ctrl-C during a test run stops it too.
     */
    public static ServiceProcess start(String name, Path quarkusRunJar, int port, Map<String, String> env,
            Path logFile) throws IOException {
        return start(name, quarkusRunJar, port, env, logFile, false);
    }

    /** As {@link #start}, in a session of its own: the launcher's terminal (Ctrl-C, hang-up) does not reach it. */
    public static ServiceProcess startDetached(String name, Path quarkusRunJar, int port, Map<String, String> env,
            Path logFile) throws IOException {
        return start(name, quarkusRunJar, port, env, logFile, true);
    }

    private static ServiceProcess start(String name, Path quarkusRunJar, int port, Map<String, String> env,
            Path logFile, boolean detached) throws IOException {
        if (!Files.exists(quarkusRunJar)) {
            throw new IllegalStateException(quarkusRunJar + " does not exist: build it first (./mvnw package)");
        }
        Processes.requireFree(port, name);
        ProcessBuilder builder = Processes.builder(List.of(KafkaBroker.java(), "-Xmx256m",
                "-Dquarkus.http.port=" + port, "-jar", quarkusRunJar.toAbsolutePath().toString()), logFile, detached);
        builder.environment().putAll(env);
        return new ServiceProcess(name, builder.start().toHandle(), port, logFile);
    }

    /**
     * Where both services find their database and broker: the environment every launcher (deploy/local, the
     * end-to-end tests, the bench) gives them. Mutable, for the launcher's own additions.
     */
    public static Map<String, String> storageEnv(PostgresEndpoint postgres, String jdbcUrl, String kafkaBootstrap) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SYNCLANE_DB_URL", jdbcUrl);
        env.put("SYNCLANE_DB_USER", postgres.user());
        env.put("SYNCLANE_DB_PASSWORD", postgres.password());
        env.put("SYNCLANE_KAFKA_BOOTSTRAP", kafkaBootstrap);
        return env;
    }

    /** A handle on a service started earlier (by a previous launcher run), found by its pid. */
    public static ServiceProcess attach(String name, long pid, int port, Path logFile) {
        ProcessHandle handle = ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException(name + " is not running"));
        return new ServiceProcess(name, handle, port, logFile);
    }

    /** Waits until {@code /q/health/ready} answers 200; fails early with the log tail if the process dies. */
    public Duration awaitReady(Duration timeout) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                .timeout(Duration.ofSeconds(2)).build();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited at start; log tail:\n" + Processes.tail(logFile));
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return Duration.ofNanos(System.nanoTime() - start);
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(name + " was not ready within " + timeout + "; log tail:\n"
                + Processes.tail(logFile));
    }

    public long pid() {
        return process.pid();
    }

    public int port() {
        return port;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGTERM (Quarkus shuts down gracefully), SIGKILL if it has not exited within 20 s. */
    public void stop() {
        Processes.stop(process, Duration.ofSeconds(20));
    }
}
