package io.synclane.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code ./deploy/local up|down|status}: the whole stack on one machine, state under {@code .local/}.
 * Every process it starts gets a pid file; a component whose pid file names a live process is left alone,
 * so {@code up} twice is harmless.
 */
public final class LocalStack {
    private static final int API_PORT = 8080;
    private static final int WORKER_PORT = 8081;
    private static final int KAFKA_PORT = 9092;
    private static final int KAFKA_CONTROLLER_PORT = 9093;
    private static final int EMBEDDED_PG_PORT = 54329;
    private static final List<String> SERVICES = List.of("worker", "api");

    private final Path home;
    private final Path local;
    private final Path pids;
    private final Path logs;
    private final Map<String, String> env = System.getenv();

    LocalStack(Path home) {
        this.home = home.toAbsolutePath();
        this.local = this.home.resolve(".local");
        this.pids = local.resolve("pids");
        this.logs = local.resolve("logs");
    }

    public static void main(String[] args) throws Exception {
        LocalStack stack = new LocalStack(Path.of(""));
        String command = args.length == 0 ? "up" : args[0];
        int exit = switch (command) {
            case "up" -> stack.up(!List.of(args).contains("--no-demo"));
            case "down" -> stack.down();
            case "status" -> stack.status();
            default -> {
                System.err.println("usage: ./deploy/local up [--no-demo] | down | status");
                yield 2;
            }
        };
        System.exit(exit);
    }

    int up(boolean demo) throws Exception {
        Files.createDirectories(pids);
        Files.createDirectories(logs);
        long start = System.nanoTime();

        long t = System.nanoTime();
        PostgresEndpoint postgres = startPostgres();
        String database = postgresDatabase(postgres);
        System.out.printf("PostgreSQL   %s, database %s (%d ms)%n", postgres.description(), database, ms(t));

        t = System.nanoTime();
        String bootstrap = startKafka();
        System.out.printf("Kafka        %s (%d ms)%n", bootstrap, ms(t));

        String token = adminToken();
        Map<String, String> serviceEnv = new LinkedHashMap<>();
        serviceEnv.put("SYNCLANE_DB_URL", postgres.jdbcUrl(database));
        serviceEnv.put("SYNCLANE_DB_USER", postgres.user());
        serviceEnv.put("SYNCLANE_DB_PASSWORD", postgres.password());
        serviceEnv.put("SYNCLANE_KAFKA_BOOTSTRAP", bootstrap);
        serviceEnv.put("SYNCLANE_ADMIN_TOKEN", token);
        serviceEnv.put("SYNCLANE_REPORTS_DIR", env.getOrDefault("SYNCLANE_REPORTS_DIR",
                home.resolve("deploy/demo/reports").toString()));

        t = System.nanoTime();
        ServiceProcess api = startService("api", "api-service", API_PORT, serviceEnv);
        ServiceProcess worker = startService("worker", "worker-service", WORKER_PORT, serviceEnv);
        api.awaitReady(Duration.ofSeconds(90));
        System.out.printf("api-service  %s, pid %d (ready after %d ms)%n", api.baseUrl(), api.pid(), ms(t));
        worker.awaitReady(Duration.ofSeconds(90));
        System.out.printf("worker       %s, pid %d (ready after %d ms)%n", worker.baseUrl(), worker.pid(), ms(t));
        System.out.printf("%nStack up in %d ms.%n", ms(start));
        System.out.printf("""

                  API (SD Elements v2)  http://127.0.0.1:%1$d/api/v2/
                  OpenAPI, Swagger UI   http://127.0.0.1:%1$d/q/openapi  http://127.0.0.1:%1$d/q/swagger-ui
                  Job event stream      http://127.0.0.1:%1$d/api/v2/jobs/stream  (Server-Sent Events)
                  Health, metrics       http://127.0.0.1:%1$d/q/health  http://127.0.0.1:%2$d/q/health  http://127.0.0.1:%2$d/q/metrics
                  Admin token           %3$s   (Authorization: Token <token>; kept in .local/admin-token)
                  Logs                  .local/logs/

                """, API_PORT, WORKER_PORT, token);
        if (!demo) {
            return 0;
        }
        return new DemoClient(api.baseUrl(), token).run() ? 0 : 1;
    }

    int down() throws Exception {
        for (String name : List.of("worker", "api", "kafka")) {
            Optional<ProcessHandle> process = running(name);
            if (process.isPresent()) {
                Processes.stop(process.get(), Duration.ofSeconds(20));
                System.out.printf("%-8s stopped (pid %d)%n", name, process.get().pid());
            } else {
                System.out.printf("%-8s not running%n", name);
            }
            Files.deleteIfExists(pids.resolve(name + ".pid"));
        }
        EmbeddedPostgres embedded = embeddedPostgres();
        if (Files.exists(pids.resolve("postgres.pid")) || embedded.running()) {
            embedded.stop();
            System.out.println("postgres stopped (embedded)");
        }
        Files.deleteIfExists(pids.resolve("postgres.pid"));
        return 0;
    }

    int status() throws Exception {
        for (String name : List.of("postgres", "kafka", "api", "worker")) {
            Optional<ProcessHandle> process = running(name);
            String detail = process.map(p -> "running, pid " + p.pid()).orElse("not running");
            if (name.equals("postgres") && process.isEmpty()) {
                detail = "not started by the launcher (" + PostgresLocator.fromEnvironment().locate()
                        .map(PostgresEndpoint::description).orElse("none answering") + ")";
            }
            if (process.isPresent() && (name.equals("api") || name.equals("worker"))) {
                int port = name.equals("api") ? API_PORT : WORKER_PORT;
                detail += ready(port) ? ", ready" : ", not ready";
            }
            System.out.printf("%-8s %s%n", name, detail);
        }
        return 0;
    }

    private PostgresEndpoint startPostgres() throws Exception {
        Optional<PostgresEndpoint> located = PostgresLocator.fromEnvironment().locate();
        if (located.isPresent()) {
            return located.get();
        }
        EmbeddedPostgres embedded = embeddedPostgres();
        PostgresEndpoint endpoint = embedded.running() ? embedded.endpoint() : embedded.start();
        String postmasterPid = Files.readAllLines(local.resolve("postgres/data/postmaster.pid")).get(0).trim();
        Files.writeString(pids.resolve("postgres.pid"), postmasterPid);
        return endpoint;
    }

    /** The database named in SYNCLANE_DB_URL, else {@code synclane}, created when missing. */
    private String postgresDatabase(PostgresEndpoint postgres) throws Exception {
        String url = env.get("SYNCLANE_DB_URL");
        if (url != null && !url.isBlank()) {
            String path = java.net.URI.create(url.substring("jdbc:".length())).getPath();
            return path.substring(1);
        }
        postgres.createDatabaseIfMissing("synclane");
        return "synclane";
    }

    private String startKafka() throws Exception {
        String configured = env.get("SYNCLANE_KAFKA_BOOTSTRAP");
        if (configured != null && !configured.isBlank()) {
            KafkaBroker.ensureTopics(configured);
            return configured;
        }
        String bootstrap = "127.0.0.1:" + KAFKA_PORT;
        if (running("kafka").isPresent()) {
            System.out.println("Kafka        already running");
            KafkaBroker.ensureTopics(bootstrap);
            return bootstrap;
        }
        KafkaBroker broker = KafkaBroker.start(home.resolve("deploy/kafka/target/lib"), local.resolve("kafka"),
                KAFKA_PORT, KAFKA_CONTROLLER_PORT, logs.resolve("kafka.log"));
        Files.writeString(pids.resolve("kafka.pid"), String.valueOf(broker.pid()));
        return broker.bootstrap();
    }

    private ServiceProcess startService(String name, String module, int port, Map<String, String> serviceEnv)
            throws IOException {
        Optional<ProcessHandle> process = running(name);
        if (process.isPresent()) {
            System.out.printf("%-12s already running (pid %d)%n", module, process.get().pid());
            return ServiceProcess.attach(module, process.get().pid(), port, logs.resolve(name + ".log"));
        }
        ServiceProcess service = ServiceProcess.start(module,
                home.resolve(module + "/target/quarkus-app/quarkus-run.jar"), port, serviceEnv,
                logs.resolve(name + ".log"));
        Files.writeString(pids.resolve(name + ".pid"), String.valueOf(service.pid()));
        return service;
    }

    private String adminToken() throws IOException {
        String configured = env.get("SYNCLANE_ADMIN_TOKEN");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        Path file = local.resolve("admin-token");
        if (Files.exists(file)) {
            return Files.readString(file).trim();
        }
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Files.writeString(file, token + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return token;
    }

    private EmbeddedPostgres embeddedPostgres() {
        return new EmbeddedPostgres(local.resolve("postgres"), EMBEDDED_PG_PORT);
    }

    /** The live process a pid file names, if any. */
    private Optional<ProcessHandle> running(String name) throws IOException {
        Path file = pids.resolve(name + ".pid");
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        return ProcessHandle.of(Long.parseLong(Files.readString(file).trim())).filter(ProcessHandle::isAlive);
    }

    private static boolean ready(int port) {
        try {
            var response = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                            .timeout(Duration.ofSeconds(2)).build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static long ms(long since) {
        return (System.nanoTime() - since) / 1_000_000;
    }
}
