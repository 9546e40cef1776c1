package io.synclane.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker the launcher and the tests use is a real Kafka: it has the topics we need, carries records, and
 * keeps both across a restart on the same data (the launcher's case).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KafkaBrokerTest {
    @TempDir
    static Path data;
    private static KafkaBroker broker;

    @BeforeAll
    static void start() throws Exception {
        broker = KafkaBroker.start(KafkaBroker.libDir(), data, KafkaBroker.freePort(), KafkaBroker.freePort(),
                data.resolve("kafka.log"));
    }

    @AfterAll
    static void stop() {
        broker.stop();
    }

    @Test
    @Order(1)
    void theSynclaneTopicsExistWithTheirPartitionCounts() throws Exception {
        assertEquals(Map.of("job-requests", 6, "job-events", 3, "job-requests-dlq", 1), partitions());
        KafkaBroker.ensureTopics(broker.bootstrap()); // a second time changes nothing and does not fail
        assertEquals(KafkaBroker.TOPICS, partitions());
    }

    @Test
    @Order(2)
    void aRecordProducedIsConsumedBack() throws Exception {
        produce("42", "hello");
        assertEquals("hello", consumeOne("broker-test", "42"));
    }

    @Test
    @Order(3)
    void aRestartOnTheSameDataKeepsTopicsAndRecords() throws Exception {
        String bootstrap = broker.bootstrap();
        int port = Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1));
        String controller = Files.readAllLines(data.resolve("server.properties")).stream()
                .filter(l -> l.startsWith("controller.quorum.voters=")).findFirst().orElseThrow();
        int controllerPort = Integer.parseInt(controller.substring(controller.lastIndexOf(':') + 1));
        long firstPid = broker.pid();
        broker.stop();
        assertFalse(ProcessHandle.of(firstPid).map(ProcessHandle::isAlive).orElse(false));

        broker = KafkaBroker.start(KafkaBroker.libDir(), data, port, controllerPort, data.resolve("kafka.log"));
        assertEquals(KafkaBroker.TOPICS, partitions());
        assertEquals("hello", consumeOne("after-restart", "42"), "the record written before the restart is kept");
    }

    private static Map<String, Integer> partitions() throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
        try (Admin admin = Admin.create(props)) {
            Map<String, TopicDescription> topics =
                    admin.describeTopics(KafkaBroker.TOPICS.keySet()).allTopicNames().get();
            return topics.values().stream()
                    .collect(Collectors.toMap(TopicDescription::name, t -> t.partitions().size()));
        }
    }

    private static void produce(String key, String value) throws Exception {
        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(producerProps, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("job-events", key, value)).get();
        }
    }

    private static String consumeOne(String group, String key) {
        Properties consumerProps = new Properties();
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
        consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(consumerProps, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("job-events"));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.key().equals(key)) {
                        return record.value();
                    }
                }
            }
        }
        throw new AssertionError("the record never came back");
    }
}
