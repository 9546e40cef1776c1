package io.synclane.stack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code ./deploy/local up [--no-demo] | agent | down | status}: the whole stack on one machine, run from the
 * repository root, state under {@code .local/} (logs, pids, kafka, postgres, admin-token, agent-key,
 * notifications-key).
 * {@code agent} adds a remote agent process (the worker-service jar under profile {@code agent}) that pulls the jobs of
 * inaccessible connectors from the local api-service.
 * Every process it starts gets a pid file; a component whose pid file names a live process is left alone,
 * so {@code up} twice is harmless. The processes run in sessions of their own and outlive the launcher.
 */
public final class LocalStack {
    private static final Duration SERVICE_START_TIMEOUT = Duration.ofSeconds(90);
    private static final String USAGE = "usage: ./deploy/local up [--no-demo] | agent | down | status";
    /** In an agent's command line only: how its pid file is told from a reused pid. */
    private static final String AGENT_PROFILE_OPTION = "-Dquarkus.profile=agent";

    private final Path home;
    private final Path local;
    private final Path pids;
    private final Path logs;
    private final Map<String, String> env;
    private final Ports ports;

    /** Ports: the defaults, each replaceable by an environment variable (to run a second stack beside one). */
    record Ports(int api, int worker, int agent, int kafka, int kafkaController, int embeddedPostgres) {
        static Ports from(Map<String, String> env) {
            return new Ports(port(env, "SYNCLANE_API_PORT", 8080), port(env, "SYNCLANE_WORKER_PORT", 8081),
                    port(env, "SYNCLANE_AGENT_PORT", 8082), port(env, "SYNCLANE_KAFKA_PORT", 9092),
                    port(env, "SYNCLANE_KAFKA_CONTROLLER_PORT", 9093), port(env, "SYNCLANE_EMBEDDED_DB_PORT", 54329));
        }

        private static int port(Map<String, String> env, String name, int fallback) {
            String value = env.get(name);
            return value == null || value.isBlank() ? fallback : Integer.parseInt(value.trim());
        }
    }

    LocalStack(Path home, Map<String, String> env) {
        this.home = home.toAbsolutePath();
        this.local = this.home.resolve(".local");
        this.pids = local.resolve("pids");
        this.logs = local.resolve("logs");
        this.env = env;
        this.ports = Ports.from(env);
    }

    public static void main(String[] args) {
        LocalStack stack = new LocalStack(Path.of(""), System.getenv());
        String command = args.length == 0 ? "up" : args[0];
        int exit;
        try {
            exit = switch (command) {
                case "up" -> stack.up(!List.of(args).contains("--no-demo"));
                case "agent" -> stack.agent();
                case "down" -> stack.down();
                case "status" -> stack.status();
                default -> {
                    System.err.println(USAGE);
                    yield 2;
                }
            };
        } catch (Exception e) {
            System.err.println();
            System.err.println("./deploy/local " + command + " failed: " + e.getMessage());
            for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
                System.err.println("  caused by: " + cause);
            }
            System.err.println("Logs: " + shortPath(Path.of(".local/logs").toAbsolutePath()));
            exit = 1;
        }
        System.exit(exit);
    }

    int up(boolean demo) throws Exception {
        Files.createDirectories(pids);
        Files.createDirectories(logs);
        long start = System.nanoTime();

        PostgresEndpoint postgres = startPostgres();
        String database = postgresDatabase(postgres);
        String bootstrap = startKafka();

        String token = adminToken();
        Map<String, String> serviceEnv = ServiceProcess.storageEnv(postgres, postgres.jdbcUrl(database), bootstrap);
        serviceEnv.put("SYNCLANE_ADMIN_TOKEN", token);
        serviceEnv.put("SYNCLANE_INTERNAL_TOKEN", internalToken());
        serviceEnv.put("SYNCLANE_INTERNAL_WORKER_URL", "http://127.0.0.1:" + ports.worker());
        // The api-service derives remote agents' secrets from it; a worker has no use for it.
        serviceEnv.put(ServiceProcess.AGENT_KEY_VARIABLE, agentKey());
        // Both derive webhooks' secrets from it: api-service to show them once, the workers to sign deliveries.
        serviceEnv.put(ServiceProcess.NOTIFICATIONS_KEY_VARIABLE, notificationsKey());
        Map<String, String> workerEnv = new LinkedHashMap<>(serviceEnv);
        workerEnv.remove(ServiceProcess.AGENT_KEY_VARIABLE);
        workerEnv.put("SYNCLANE_REPORTS_DIR", reportsDir());

        // Both services boot at once (each ~6 s on two cores); each is timed from its own start.
        long servicesStart = System.nanoTime();
        Optional<ProcessHandle> apiBefore = running(Component.API);
        Optional<ProcessHandle> workerBefore = running(Component.WORKER);
        ServiceProcess api = startService(Component.API, "api-service", ports.api(), serviceEnv);
        ServiceProcess worker = startService(Component.WORKER, "worker-service", ports.worker(), workerEnv);
        api.awaitReady(SERVICE_START_TIMEOUT);
        line(Component.API.label, api.baseUrl() + ", " + (apiBefore.isPresent() ? "already running" : "started")
                + " (pid " + api.pid() + "), ready", ms(servicesStart));
        worker.awaitReady(SERVICE_START_TIMEOUT);
        line(Component.WORKER.label, worker.baseUrl() + ", " + (workerBefore.isPresent() ? "already running" : "started")
                + " (pid " + worker.pid() + "), ready", ms(servicesStart));

        System.out.printf("%nStack up in %d ms.%n", ms(start));
        System.out.printf("""

                  Dashboard             http://127.0.0.1:%1$d/ui/   (sign in with the admin token below)
                  API (v2)              http://127.0.0.1:%1$d/api/v2/
                  OpenAPI, Swagger UI   http://127.0.0.1:%1$d/q/openapi   http://127.0.0.1:%1$d/q/swagger-ui
                  Job event stream      http://127.0.0.1:%1$d/api/v2/jobs/stream   (Server-Sent Events)
                  api-service health    http://127.0.0.1:%1$d/q/health
                  worker health         http://127.0.0.1:%2$d/q/health
                  worker metrics        http://127.0.0.1:%2$d/q/metrics
                  PostgreSQL            %3$s, database %4$s
                  Kafka                 %5$s
                  Admin token           %6$s
                                        (header "Authorization: Token <token>"; %7$s)
                  Logs                  .local/logs/     Stop: ./deploy/local down

                """, ports.api(), ports.worker(), postgres.description(), database, bootstrap, token,
                tokenConfigured() ? "from SYNCLANE_ADMIN_TOKEN" : "kept in .local/admin-token");
        if (!demo) {
            return 0;
        }
        return new DemoClient(api.baseUrl(), token).run() ? 0 : 1;
    }

    /**
     * Starts one remote agent (SYNCLANE_AGENT_ID, SYNCLANE_AGENT_SECRET) against the local api-service, or another
     * SYNCLANE_AGENT_URL. Its pid file and log are named by its id, so agents of several ids can run side by side
     * (each on its own SYNCLANE_AGENT_PORT); one already running for that id is left alone.
     */
    int agent() throws Exception {
        String id = env.getOrDefault("SYNCLANE_AGENT_ID", "").trim().replaceFirst("^remoteci/", "");
        String secret = env.getOrDefault("SYNCLANE_AGENT_SECRET", "");
        if (id.isEmpty() || secret.isBlank()) {
            System.err.println("""
                    ./deploy/local agent needs the remote agent's credentials, as Synclane gave them when the remote CI
                    was created:

                      SYNCLANE_AGENT_ID=<its id> SYNCLANE_AGENT_SECRET=<its api_secret> ./deploy/local agent

                    Optional: SYNCLANE_AGENT_URL (default http://127.0.0.1:%d, this stack's api-service),
                    SYNCLANE_AGENT_PARAMS_FILE (params that stay on this machine), SYNCLANE_AGENT_PORT (its health port, %d).
                    """.formatted(ports.api(), ports.agent()));
            return 2;
        }
        if (!id.matches("[A-Za-z0-9._-]+")) {
            System.err.println("SYNCLANE_AGENT_ID \"" + id + "\" is not an id (digits, as Synclane gives them)");
            return 2;
        }
        Files.createDirectories(pids);
        Files.createDirectories(logs);
        String label = "agent " + id;
        Path pidFile = pids.resolve("agent-" + id + ".pid");
        Path log = logs.resolve("agent-" + id + ".log");
        String url = env.getOrDefault("SYNCLANE_AGENT_URL", "").isBlank() ? "http://127.0.0.1:" + ports.api()
                : env.get("SYNCLANE_AGENT_URL").trim();
        long t = System.nanoTime();
        Optional<ProcessHandle> before = Processes.fromPidFile(pidFile, AGENT_PROFILE_OPTION);
        ServiceProcess agent;
        if (before.isPresent()) {
            agent = ServiceProcess.attach(label, before.get().pid(), ports.agent(), log);
        } else {
            requireFree(ports.agent(), label + " (SYNCLANE_AGENT_PORT)");
            // The secret goes by environment only: a command line is visible to every user of the machine.
            Map<String, String> agentEnv = new LinkedHashMap<>();
            agentEnv.put("SYNCLANE_AGENT_URL", url);
            agentEnv.put("SYNCLANE_AGENT_ID", id);
            agentEnv.put("SYNCLANE_AGENT_SECRET", secret);
            agentEnv.put("SYNCLANE_REPORTS_DIR", reportsDir());
            agent = ServiceProcess.startDetached(label, home.resolve("worker-service/target/quarkus-app/quarkus-run.jar"),
                    ports.agent(), agentEnv, log, List.of(AGENT_PROFILE_OPTION));
            Files.writeString(pidFile, agent.pid() + "\n");
        }
        agent.awaitReady(SERVICE_START_TIMEOUT);
        line(label, (before.isPresent() ? "already running" : "started") + " (pid " + agent.pid() + "), asks " + url
                + " for jobs; health " + agent.baseUrl() + "/q/health", ms(t));
        System.out.println("             log " + shortPath(log) + "; stop with ./deploy/local down");
        if (url.equals("http://127.0.0.1:" + ports.api()) && !ready(ports.api())) {
            System.out.println("             note: no api-service answers there yet (./deploy/local up); the agent "
                    + "polls on until one does");
        }
        return 0;
    }

    int down() throws Exception {
        for (Map.Entry<String, ProcessHandle> agent : runningAgents().entrySet()) {
            long t = System.nanoTime();
            Processes.stop(agent.getValue(), Duration.ofSeconds(20));
            line("agent " + agent.getKey(), "stopped (pid " + agent.getValue().pid() + ")", ms(t));
        }
        deleteAgentPidFiles();
        for (Component component : List.of(Component.WORKER, Component.API, Component.KAFKA)) {
            Optional<ProcessHandle> process = running(component);
            if (process.isPresent()) {
                long t = System.nanoTime();
                Processes.stop(process.get(), Duration.ofSeconds(20));
                line(component.label, "stopped (pid " + process.get().pid() + ")", ms(t));
            } else {
                line(component.label, "not running", -1);
            }
            Files.deleteIfExists(pidFile(component));
        }
        EmbeddedPostgres embedded = embeddedPostgres();
        if (embedded.pid().isPresent()) {
            long t = System.nanoTime();
            long pid = embedded.pid().getAsLong();
            embedded.stop();
            line(Component.POSTGRES.label, "embedded, stopped (pid " + pid + ")", ms(t));
        } else {
            line(Component.POSTGRES.label, "no embedded PostgreSQL running", -1);
        }
        Files.deleteIfExists(pidFile(Component.POSTGRES));
        return 0;
    }

    int status() throws Exception {
        EmbeddedPostgres embedded = embeddedPostgres();
        if (embedded.pid().isPresent()) {
            long pid = embedded.pid().getAsLong();
            line(Component.POSTGRES.label, "embedded, pid " + pid + ", " + (embedded.running() ? "answering" : "not answering")
                    + " on 127.0.0.1:" + ports.embeddedPostgres() + rss(pid), -1);
        } else {
            PostgresLocator locator = new PostgresLocator(env);
            String external = locator.embeddedForced() ? "embedded forced (SYNCLANE_DB_EMBEDDED=1), not running"
                    : locator.locate().map(d -> "not started by the launcher; in use: " + d.description())
                            .orElse("none answering, embedded not running");
            line(Component.POSTGRES.label, external, -1);
        }
        String configuredKafka = env.get("SYNCLANE_KAFKA_BOOTSTRAP");
        if (configuredKafka != null && !configuredKafka.isBlank()) {
            line(Component.KAFKA.label, "external, SYNCLANE_KAFKA_BOOTSTRAP=" + configuredKafka, -1);
        } else {
            line(Component.KAFKA.label, running(Component.KAFKA)
                    .map(p -> "pid " + p.pid() + ", alive, 127.0.0.1:" + ports.kafka() + rss(p.pid()))
                    .orElse("not running"), -1);
        }
        for (Component service : List.of(Component.API, Component.WORKER)) {
            int port = service == Component.API ? ports.api() : ports.worker();
            line(service.label, running(service)
                    .map(p -> "pid " + p.pid() + ", alive, http://127.0.0.1:" + port + ", "
                            + (ready(port) ? "ready" : "NOT ready") + rss(p.pid()))
                    .orElse("not running"), -1);
        }
        for (Map.Entry<String, ProcessHandle> agent : runningAgents().entrySet()) {
            long pid = agent.getValue().pid();
            line("agent " + agent.getKey(), "pid " + pid + ", alive" + rss(pid) + ", log .local/logs/agent-"
                    + agent.getKey() + ".log", -1);
        }
        return 0;
    }

    /** The agents this launcher started that still run, by id (from their pid files). */
    private Map<String, ProcessHandle> runningAgents() throws IOException {
        Map<String, ProcessHandle> agents = new java.util.TreeMap<>();
        if (!Files.isDirectory(pids)) {
            return agents;
        }
        try (var files = Files.newDirectoryStream(pids, "agent-*.pid")) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                String id = name.substring("agent-".length(), name.length() - ".pid".length());
                Processes.fromPidFile(file, AGENT_PROFILE_OPTION).ifPresent(process -> agents.put(id, process));
            }
        }
        return agents;
    }

    private void deleteAgentPidFiles() throws IOException {
        if (!Files.isDirectory(pids)) {
            return;
        }
        try (var files = Files.newDirectoryStream(pids, "agent-*.pid")) {
            for (Path file : files) {
                Files.deleteIfExists(file);
            }
        }
    }

    private String reportsDir() {
        return env.getOrDefault("SYNCLANE_REPORTS_DIR", home.resolve("deploy/demo/reports").toString());
    }

    /** What the launcher starts: its pid file name, how it is shown, and what its command line contains. */
    private enum Component {
        POSTGRES("postgres", "PostgreSQL", "postgres"),
        KAFKA("kafka", "Kafka", "kafka.Kafka"),
        API("api", "api-service", "api-service"),
        WORKER("worker", "worker", "worker-service");

        final String file;
        final String label;
        final String marker;

        Component(String file, String label, String marker) {
            this.file = file;
            this.label = label;
            this.marker = marker;
        }
    }

    private PostgresEndpoint startPostgres() throws Exception {
        long t = System.nanoTime();
        PostgresLocator locator = new PostgresLocator(env);
        Optional<PostgresEndpoint> located = locator.locate();
        if (located.isPresent()) {
            line(Component.POSTGRES.label, located.get().description(), ms(t));
            return located.get();
        }
        EmbeddedPostgres embedded = embeddedPostgres();
        if (embedded.running()) {
            line(Component.POSTGRES.label, embedded.endpoint().description() + ", already running (pid "
                    + embedded.pid().getAsLong() + ")", ms(t));
        } else {
            requireFree(ports.embeddedPostgres(), "the embedded PostgreSQL (SYNCLANE_EMBEDDED_DB_PORT)");
            embedded.start();
            line(Component.POSTGRES.label, embedded.endpoint().description() + ", started (pid "
                    + embedded.pid().getAsLong() + ")", ms(t));
        }
        Files.writeString(pidFile(Component.POSTGRES), embedded.pid().getAsLong() + "\n");
        return embedded.endpoint();
    }

    /**
     * The database {@code SYNCLANE_DB_URL} names, used as it is (created when missing and allowed); else
     * {@code synclane}, created when missing.
     */
    private String postgresDatabase(PostgresEndpoint postgres) throws Exception {
        Optional<String> configured = new PostgresLocator(env).configuredDatabase();
        if (configured.isPresent()) {
            try {
                postgres.createDatabaseIfMissing(configured.get());
            } catch (java.sql.SQLException e) {
                // A managed server may not let this user look or create: the services will say if it is missing.
                System.out.println("PostgreSQL   note: could not check or create database " + configured.get() + ": "
                        + e.getMessage());
            }
            return configured.get();
        }
        postgres.createDatabaseIfMissing("synclane");
        return "synclane";
    }

    private String startKafka() throws Exception {
        long t = System.nanoTime();
        String configured = env.get("SYNCLANE_KAFKA_BOOTSTRAP");
        if (configured != null && !configured.isBlank()) {
            KafkaBroker.ensureTopics(configured);
            line(Component.KAFKA.label, configured + " (SYNCLANE_KAFKA_BOOTSTRAP), topics ensured", ms(t));
            return configured;
        }
        String bootstrap = "127.0.0.1:" + ports.kafka();
        Optional<ProcessHandle> process = running(Component.KAFKA);
        if (process.isPresent()) {
            KafkaBroker.ensureTopics(bootstrap);
            line(Component.KAFKA.label, bootstrap + ", already running (pid " + process.get().pid() + ")", ms(t));
            return bootstrap;
        }
        requireFree(ports.kafka(), "Kafka (SYNCLANE_KAFKA_PORT)");
        requireFree(ports.kafkaController(), "Kafka's controller (SYNCLANE_KAFKA_CONTROLLER_PORT)");
        KafkaBroker broker = KafkaBroker.startDetached(kafkaLib(), local.resolve("kafka"), ports.kafka(),
                ports.kafkaController(), logs.resolve("kafka.log"));
        Files.writeString(pidFile(Component.KAFKA), broker.pid() + "\n");
        line(Component.KAFKA.label, bootstrap + ", started (pid " + broker.pid() + "), topics ensured", ms(t));
        return broker.bootstrap();
    }

    private Path kafkaLib() {
        String property = System.getProperty("synclane.kafka.lib");
        return property != null ? Path.of(property) : home.resolve("deploy/kafka/target/lib");
    }

    private ServiceProcess startService(Component component, String module, int port, Map<String, String> serviceEnv)
            throws IOException {
        Path log = logs.resolve(component.file + ".log");
        Optional<ProcessHandle> process = running(component);
        if (process.isPresent()) {
            return ServiceProcess.attach(module, process.get().pid(), port, log);
        }
        requireFree(port, module + (component == Component.API ? " (SYNCLANE_API_PORT)" : " (SYNCLANE_WORKER_PORT)"));
        ServiceProcess service = ServiceProcess.startDetached(module,
                home.resolve(module + "/target/quarkus-app/quarkus-run.jar"), port, serviceEnv, log);
        Files.writeString(pidFile(component), service.pid() + "\n");
        return service;
    }

    private boolean tokenConfigured() {
        String configured = env.get("SYNCLANE_ADMIN_TOKEN");
        return configured != null && !configured.isBlank();
    }

    private String adminToken() throws IOException {
        if (tokenConfigured()) {
            return env.get("SYNCLANE_ADMIN_TOKEN");
        }
        return storedSecret("admin-token");
    }

    /** The secret api-service shows a worker's internal endpoint: SYNCLANE_INTERNAL_TOKEN, or one kept in .local. */
    private String internalToken() throws IOException {
        String configured = env.get("SYNCLANE_INTERNAL_TOKEN");
        return configured != null && !configured.isBlank() ? configured : storedSecret("internal-token");
    }

    /**
     * The server key api-service derives remote agents' secrets from: SYNCLANE_AGENT_KEY, or one kept in .local (so
     * agents' secrets survive a restart of the stack).
     */
    private String agentKey() throws IOException {
        String configured = env.get(ServiceProcess.AGENT_KEY_VARIABLE);
        return configured != null && !configured.isBlank() ? configured : storedSecret("agent-key");
    }

    /**
     * The key both services derive webhooks' signing secrets from: SYNCLANE_NOTIFICATIONS_KEY, or one kept in .local
     * (so webhooks keep their secrets across a restart of the stack).
     */
    private String notificationsKey() throws IOException {
        String configured = env.get(ServiceProcess.NOTIFICATIONS_KEY_VARIABLE);
        return configured != null && !configured.isBlank() ? configured : storedSecret("notifications-key");
    }

    /** A random secret kept in .local under that name, made on first use. */
    private String storedSecret(String name) throws IOException {
        Path file = local.resolve(name);
        if (Files.exists(file) && !Files.readString(file).isBlank()) {
            return Files.readString(file).trim();
        }
        String token = ServiceProcess.randomKey();
        // Created empty with mode 600 first, so the token is never readable by others, not even briefly.
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, token + "\n");
        return token;
    }

    private EmbeddedPostgres embeddedPostgres() {
        return new EmbeddedPostgres(local.resolve("postgres"), ports.embeddedPostgres());
    }

    private Path pidFile(Component component) {
        return pids.resolve(component.file + ".pid");
    }

    private Optional<ProcessHandle> running(Component component) {
        return Processes.fromPidFile(pidFile(component), component.marker);
    }

    /** Says which variable moves the port, since the default one is taken. */
    private static void requireFree(int port, String what) {
        try {
            Processes.requireFree(port, what);
        } catch (IllegalStateException e) {
            throw new IllegalStateException(e.getMessage() + " (not one this launcher started: see ./deploy/local status)");
        }
    }

    private static boolean ready(int port) {
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
            HttpResponse<Void> response = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                            .timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String rss(long pid) {
        long mb = Processes.residentMegabytes(pid);
        return mb < 0 ? "" : ", RSS " + mb + " MB";
    }

    private static void line(String component, String detail, long millis) {
        System.out.printf("%-12s %s%s%n", component, detail, millis < 0 ? "" : " (" + millis + " ms)");
    }

    private static String shortPath(Path path) {
        Path cwd = Path.of("").toAbsolutePath();
        return path.startsWith(cwd) ? cwd.relativize(path).toString() : path.toString();
    }

    private static long ms(long since) {
        return (System.nanoTime() - since) / 1_000_000;
    }
}
