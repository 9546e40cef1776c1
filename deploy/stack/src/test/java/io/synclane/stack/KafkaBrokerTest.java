package io.synclane.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The broker the launcher and the tests use is a real Kafka: it keeps the topics we need and carries records. */
class KafkaBrokerTest {
    @TempDir
    static Path data;
    private static KafkaBroker broker;

    @BeforeAll
    static void start() throws Exception {
        broker = KafkaBroker.start(Path.of(System.getProperty("stack.kafka.lib")), data, KafkaBroker.freePort(),
                KafkaBroker.freePort(), data.resolve("kafka.log"));
    }

    @AfterAll
    static void stop() {
        broker.stop();
    }

    @Test
    void theSynclaneTopicsExistWithTheirPartitionCounts() throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
        try (Admin admin = Admin.create(props)) {
            Map<String, TopicDescription> topics =
                    admin.describeTopics(KafkaBroker.TOPICS.keySet()).allTopicNames().get();
            Map<String, Integer> partitions = topics.values().stream()
                    .collect(Collectors.toMap(TopicDescription::name, t -> t.partitions().size()));
            assertEquals(Map.of("job-requests", 6, "job-events", 3, "job-requests-dlq", 1), partitions);
        }
        KafkaBroker.ensureTopics(broker.bootstrap()); // a second time changes nothing and does not fail
    }

    @Test
    void aRecordProducedIsConsumedBack() throws Exception {
        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(producerProps, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("job-events", "42", "hello")).get();
        }
        Properties consumerProps = new Properties();
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
        consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, "broker-test");
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(consumerProps, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("job-events"));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    assertEquals("42", record.key());
                    assertEquals("hello", record.value());
                    return;
                }
            }
        }
        throw new AssertionError("the record never came back");
    }
}
