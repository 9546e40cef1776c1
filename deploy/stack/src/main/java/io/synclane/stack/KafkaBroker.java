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
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

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
     *
     * @param libDir the broker's classpath folder ({@code deploy/kafka/target/lib})
     */
    public static KafkaBroker start(Path libDir, Path dataDir, int port, int controllerPort, Path logFile)
            throws IOException, InterruptedException {
        if (!Files.isDirectory(libDir)) {
            throw new IllegalStateException("no Kafka jars in " + libDir + ": build deploy/kafka first (./mvnw package)");
        }
        Files.createDirectories(dataDir);
        Path config = writeConfig(dataDir, port, controllerPort);
        String classpath = libDir.toAbsolutePath() + "/*";
        if (!Files.exists(dataDir.resolve("logs/meta.properties"))) {
            Process format = new ProcessBuilder(java(), "-cp", classpath, "kafka.tools.StorageTool", "format",
                    "-t", clusterId(), "-c", config.toString())
                    .redirectErrorStream(true).redirectOutput(dataDir.resolve("format.log").toFile()).start();
            if (format.waitFor() != 0) {
                throw new IllegalStateException("formatting Kafka storage failed: " + Files.readString(dataDir.resolve("format.log")));
            }
        }
        Files.createDirectories(logFile.toAbsolutePath().getParent());
        List<String> command = new ArrayList<>(List.of(java(), "-Xms128m", "-Xmx512m",
                "-Dlog4j2.configurationFile=" + writeLogConfig(dataDir), "-cp", classpath, "kafka.Kafka",
                config.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile())).start();
        KafkaBroker broker = new KafkaBroker(process, "127.0.0.1:" + port);
        broker.awaitReady(logFile);
        broker.ensureTopics();
        return broker;
    }

    public String bootstrap() {
        return bootstrap;
    }

    public long pid() {
        return process.pid();
    }

    public void stop() {
        Processes.stop(process.toHandle(), Duration.ofSeconds(20));
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

    private void awaitReady(Path logFile) throws InterruptedException, IOException {
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
                admin.describeCluster().nodes().get(2, TimeUnit.SECONDS);
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

    /** Kafka's cluster id form: 16 random bytes, URL-safe base64 without padding. */
    private static String clusterId() {
        UUID uuid = UUID.randomUUID();
        java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(16);
        bytes.putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
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
