package io.synclane.stack;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;

/**
 * A real single-node Apache Kafka broker (KRaft: broker and controller in one process), run as its own
 * {@code java} process from the jars that {@code deploy/kafka} assembles from Maven Central.
 */
public final class KafkaBroker {
    /** Topics and partition counts Synclane needs; {@code job-requests} is keyed by connection id. */
    public static final Map<String, Integer> TOPICS =
            Map.of("job-requests", 6, "job-events", 3, "job-requests-dlq", 1);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final String bootstrap;

    private KafkaBroker(Process process, String bootstrap) {
        this.process = process;
        this.bootstrap = bootstrap;
    }

    /**
     * Formats the data folder when it is new, starts the broker, waits until it answers and creates the topics.
     * The broker belongs to this terminal session (for tests: Ctrl-C reaches it).
     *
     * @param libDir the broker's classpath folder ({@code deploy/kafka/target/lib}, see {@link #libDir()})
     */
    public static KafkaBroker start(Path libDir, Path dataDir, int port, int controllerPort, Path logFile)
            throws IOException, InterruptedException {
        return start(libDir, dataDir, port, controllerPort, logFile, false);
    }

    /** As {@link #start}, in a session of its own, so it outlives the launcher and its terminal. */
    public static KafkaBroker startDetached(Path libDir, Path dataDir, int port, int controllerPort, Path logFile)
            throws IOException, InterruptedException {
        return start(libDir, dataDir, port, controllerPort, logFile, true);
    }

    private static KafkaBroker start(Path libDir, Path dataDir, int port, int controllerPort, Path logFile,
            boolean detached) throws IOException, InterruptedException {
        if (!Files.isDirectory(libDir)) {
            throw new IllegalStateException("no Kafka jars in " + libDir + ": build deploy/kafka first (./mvnw package)");
        }
        Processes.requireFree(port, "Kafka");
        Processes.requireFree(controllerPort, "Kafka's controller");
        Files.createDirectories(dataDir);
        Path config = writeConfig(dataDir, port, controllerPort);
        String classpath = libDir.toAbsolutePath() + "/*";
        if (!Files.exists(dataDir.resolve("logs/meta.properties"))) {
            format(classpath, config, dataDir.resolve("format.log"));
        }
        List<String> command = new ArrayList<>(List.of(java(), "-Xms128m", "-Xmx512m",
                "-Dlog4j2.configurationFile=" + writeLogConfig(dataDir), "-cp", classpath, "kafka.Kafka",
                config.toString()));
        Process process = Processes.builder(command, logFile, detached).start();
        KafkaBroker broker = new KafkaBroker(process, "127.0.0.1:" + port);
        broker.awaitReady(logFile, clusterIdOf(dataDir));
        broker.ensureTopics();
        return broker;
    }

    /** KRaft needs its storage formatted with a cluster id once, before the first start. */
    private static void format(String classpath, Path config, Path log) throws IOException, InterruptedException {
        Process format = new ProcessBuilder(java(), "-cp", classpath, "kafka.tools.StorageTool", "format",
                "-t", clusterId(), "-c", config.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (format.waitFor() != 0) {
            throw new IllegalStateException("formatting Kafka storage failed:\n" + Processes.tail(log));
        }
    }

    /**
     * Where the broker's jars are: system property {@code stack.kafka.lib} (set by the build for tests) or
     * {@code synclane.kafka.lib}, else {@code deploy/kafka/target/lib} of the repository around the working
     * directory (a service module's tests run in its own folder).
     */
    public static Path libDir() {
        for (String property : List.of("stack.kafka.lib", "synclane.kafka.lib")) {
            String value = System.getProperty(property);
            if (value != null && !value.isBlank()) {
                return Path.of(value);
            }
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("deploy/kafka/pom.xml"))) {
                return dir.resolve("deploy/kafka/target/lib");
            }
        }
        return Path.of("deploy/kafka/target/lib");
    }

    public String bootstrap() {
        return bootstrap;
    }

    public long pid() {
        return process.pid();
    }

    /** SIGTERM (Kafka closes its logs cleanly, ~3 s), SIGKILL after 20 s. */
    public void stop() {
        Processes.stop(process.toHandle(), Duration.ofSeconds(20));
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Creates the Synclane topics that do not exist yet. */
    public static void ensureTopics(String bootstrap) throws InterruptedException {
        try (Admin admin = admin(bootstrap)) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = TOPICS.entrySet().stream().filter(t -> !existing.contains(t.getKey()))
                    .map(t -> new NewTopic(t.getKey(), t.getValue(), (short) 1)).toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            }
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("could not create topics on " + bootstrap, e);
        }
    }

    private void ensureTopics() throws InterruptedException {
        ensureTopics(bootstrap);
    }

    /** The id {@code format} wrote; the broker we started must report it, not some other broker on the port. */
    private static String clusterIdOf(Path dataDir) throws IOException {
        Properties meta = new Properties();
        try (var in = Files.newInputStream(dataDir.resolve("logs/meta.properties"))) {
            meta.load(in);
        }
        return meta.getProperty("cluster.id");
    }

    private void awaitReady(Path logFile, String clusterId) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Kafka exited at start; log tail:\n" + Processes.tail(logFile));
            }
            if (!listening()) {
                Thread.sleep(100);
                continue;
            }
            try (Admin admin = admin(bootstrap)) {
                String answering = admin.describeCluster().clusterId().get(2, TimeUnit.SECONDS);
                if (!clusterId.equals(answering)) {
                    stop();
                    throw new IllegalStateException("another Kafka (cluster " + answering + ") answers on " + bootstrap);
                }
                return;
            } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                Thread.sleep(200);
            }
        }
        stop();
        throw new IllegalStateException("Kafka did not answer within " + START_TIMEOUT + "; log tail:\n"
                + Processes.tail(logFile));
    }

    /** A plain TCP probe first, so the admin client does not log a warning per attempt while Kafka boots. */
    private boolean listening() {
        String[] hostPort = bootstrap.split(":");
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static Admin admin(String bootstrap) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 4000);
        return Admin.create(props);
    }

    private static Path writeConfig(Path dataDir, int port, int controllerPort) throws IOException {
        Path config = dataDir.resolve("server.properties");
        Files.writeString(config, String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + dataDir.toAbsolutePath().resolve("logs"),
                "num.partitions=1",
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "auto.create.topics.enable=false",
                ""));
        return config;
    }

    private static Path writeLogConfig(Path dataDir) throws IOException {
        Path config = dataDir.resolve("log4j2.properties");
        Files.writeString(config, String.join("\n",
                "rootLogger.level=WARN",
                "rootLogger.appenderRef.out.ref=out",
                "appender.out.type=Console",
                "appender.out.name=out",
                "appender.out.layout.type=PatternLayout",
                "appender.out.layout.pattern=%d %p %c{1} - %m%n",
                "logger.kafka.name=kafka.server.KafkaRaftServer",
                "logger.kafka.level=INFO",
                ""));
        return config;
    }

    /**
     * Kafka's own random cluster id: base64url of 16 bytes, never starting with '-' (which StorageTool's
     * argument parser would take for an option, failing one format in 64).
     */
    private static String clusterId() {
        return Uuid.randomUuid().toString();
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
