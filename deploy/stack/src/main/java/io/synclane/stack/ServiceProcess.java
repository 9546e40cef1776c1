package io.synclane.stack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One of the two services, run from its packaged Quarkus fast-jar as its own process. */
public final class ServiceProcess {
    /** The api-service's server key for remote agents' secrets. */
    public static final String AGENT_KEY_VARIABLE = "SYNCLANE_AGENT_KEY";

    /** Both services' key for webhooks' signing secrets (api-service shows them, the workers sign with them). */
    public static final String NOTIFICATIONS_KEY_VARIABLE = "SYNCLANE_NOTIFICATIONS_KEY";

    /** One random key per JVM: every service a test run or bench starts shares it, and no run reuses another's. */
    private static final String RUN_AGENT_KEY = randomKey();
    private static final String RUN_NOTIFICATIONS_KEY = randomKey();

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
        return start(name, quarkusRunJar, port, env, logFile, false, List.of());
    }

    /** As {@link #start}, with more JVM options before {@code -jar} ({@code -Dquarkus.profile=agent}, say). */
    public static ServiceProcess start(String name, Path quarkusRunJar, int port, Map<String, String> env,
            Path logFile, List<String> jvmOptions) throws IOException {
        return start(name, quarkusRunJar, port, env, logFile, false, jvmOptions);
    }

    /** As {@link #start}, in a session of its own: the launcher's terminal (Ctrl-C, hang-up) does not reach it. */
    public static ServiceProcess startDetached(String name, Path quarkusRunJar, int port, Map<String, String> env,
            Path logFile) throws IOException {
        return start(name, quarkusRunJar, port, env, logFile, true, List.of());
    }

    /**
     * As {@link #startDetached}, with more JVM options before {@code -jar}: {@code -Dquarkus.profile=agent} makes the
     * worker-service jar a remote agent (and shows in its command line, which is how the launcher recognises it).
     */
    public static ServiceProcess startDetached(String name, Path quarkusRunJar, int port, Map<String, String> env,
            Path logFile, List<String> jvmOptions) throws IOException {
        return start(name, quarkusRunJar, port, env, logFile, true, jvmOptions);
    }

    private static ServiceProcess start(String name, Path quarkusRunJar, int port, Map<String, String> env,
            Path logFile, boolean detached, List<String> jvmOptions) throws IOException {
        if (!Files.exists(quarkusRunJar)) {
            throw new IllegalStateException(quarkusRunJar + " does not exist: build it first (./mvnw package)");
        }
        Processes.requireFree(port, name);
        List<String> command = new ArrayList<>(List.of(KafkaBroker.java(), "-Xmx256m", "-Dquarkus.http.port=" + port));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", quarkusRunJar.toAbsolutePath().toString()));
        ProcessBuilder builder = Processes.builder(command, logFile, detached);
        builder.environment().putAll(env);
        return new ServiceProcess(name, builder.start().toHandle(), port, logFile);
    }

    /**
     * Where both services find their database and broker, the key api-service derives remote agents' secrets from and
     * the one both derive webhooks' secrets from: the environment every launcher (deploy/local, the end-to-end tests,
     * the bench) gives them. Mutable, for the launcher's own additions (deploy/local replaces the keys with the ones it
     * keeps in .local/agent-key and .local/notifications-key).
     */
    public static Map<String, String> storageEnv(PostgresEndpoint postgres, String jdbcUrl, String kafkaBootstrap) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SYNCLANE_DB_URL", jdbcUrl);
        env.put("SYNCLANE_DB_USER", postgres.user());
        env.put("SYNCLANE_DB_PASSWORD", postgres.password());
        env.put("SYNCLANE_KAFKA_BOOTSTRAP", kafkaBootstrap);
        env.put(AGENT_KEY_VARIABLE, RUN_AGENT_KEY);
        env.put(NOTIFICATIONS_KEY_VARIABLE, RUN_NOTIFICATIONS_KEY);
        return env;
    }

    /** 32 random bytes, base64url: the shape of every secret the launcher makes. */
    public static String randomKey() {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
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
