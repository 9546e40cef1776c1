package io.synclane.common.outbox;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.synclane.common.domain.JobStatus;
import io.synclane.common.event.Topics;
import io.synclane.common.job.JobLifecycle;
import io.synclane.stack.testing.TopicContents;
import io.synclane.worker.testing.WorkerFixtures;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * A message the broker will never take does not poison the outbox: it is set aside in outbox_dead_letter with the
 * broker's reason, the messages after it are published, the relay goes on relaying, and readiness tells.
 */
@QuarkusTest
class OutboxDeadLetterTest {
    @Inject
    EntityManager entityManager;

    @Inject
    JobLifecycle lifecycle;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void aMessageOverTheBrokersLimitIsSetAsideAndTheRestGoOn() throws Exception {
        String marker = "after-the-big-one-" + System.nanoTime();
        String big = "{\"padding\": \"" + "x".repeat(2 * 1024 * 1024) + "\"}"; // over the producer's 1 MiB
        QuarkusTransaction.requiringNew().run(() -> {
            entityManager.createNativeQuery("INSERT INTO outbox (topic, message_key, payload) VALUES (?1, 'k', ?2)")
                    .setParameter(1, Topics.JOB_EVENTS).setParameter(2, big).executeUpdate();
            entityManager.createNativeQuery("INSERT INTO outbox (topic, message_key, payload) VALUES (?1, 'k', ?2)")
                    .setParameter(1, Topics.JOB_EVENTS).setParameter(2, "{\"marker\": \"" + marker + "\"}")
                    .executeUpdate();
        });

        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (count("SELECT count(*) FROM outbox") > 0 || deadLetters(big).isEmpty()) {
            assertTrue(System.nanoTime() < deadline, "the outbox never drained: " + count("SELECT count(*) FROM outbox"));
            Thread.sleep(50);
        }
        List<String> reasons = deadLetters(big);
        assertEquals(1, reasons.size());
        assertTrue(reasons.get(0).contains("max.request.size") || reasons.get(0).contains("too large"), reasons.get(0));
        assertTrue(TopicContents.values(bootstrap, Topics.JOB_EVENTS).stream().anyMatch(v -> v.contains(marker)),
                "the message after it was published");
        assertFalse(TopicContents.values(bootstrap, Topics.JOB_EVENTS).stream().anyMatch(v -> v.length() > 1_000_000));

        long job = WorkerFixtures.schedule(lifecycle, WorkerFixtures.analysisConnection("noop", Map.of()).connectionId());
        assertEquals(JobStatus.SUCCESS, WorkerFixtures.awaitEnd(job, Duration.ofSeconds(60)), "the relay goes on");

        JsonPath ready = given().get("/q/health/ready").then().statusCode(200).extract().jsonPath();
        Map<String, Object> outbox = ready.getMap("checks.find { it.name == 'outbox' }");
        assertEquals("UP", outbox.get("status"), "a dead letter does not make the service unready");
        Map<?, ?> data = (Map<?, ?>) outbox.get("data");
        assertTrue(((Number) data.get("dead_letters")).longValue() >= 1, data.toString());
    }

    @Test
    void readinessIsDownOnlyWhileTheOldestWaitingRowIsOlderThanTheLimit() {
        Duration limit = Duration.ofSeconds(60);
        assertFalse(new OutboxHealthCheck.Reading(0, null, 3).stuck(limit), "an empty outbox is never stuck");
        assertFalse(new OutboxHealthCheck.Reading(500, Duration.ofSeconds(59), 0).stuck(limit));
        assertTrue(new OutboxHealthCheck.Reading(1, Duration.ofSeconds(61), 0).stuck(limit));
    }

    private long count(String sql) {
        return QuarkusTransaction.requiringNew().call(() ->
                ((Number) entityManager.createNativeQuery(sql).getSingleResult()).longValue());
    }

    @SuppressWarnings("unchecked")
    private List<String> deadLetters(String payload) {
        return QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery(
                "SELECT reason FROM outbox_dead_letter WHERE payload = ?1").setParameter(1, payload).getResultList());
    }
}
