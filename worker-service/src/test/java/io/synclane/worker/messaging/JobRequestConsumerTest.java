package io.synclane.worker.messaging;

import static io.synclane.worker.testing.WorkerFixtures.awaitEnd;
import static io.synclane.worker.testing.WorkerFixtures.read;
import static io.synclane.worker.testing.WorkerFixtures.schedule;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.synclane.common.domain.Job;
import io.synclane.common.domain.JobFile;
import io.synclane.common.domain.JobRun;
import io.synclane.common.domain.JobState;
import io.synclane.common.domain.JobStatus;
import io.synclane.common.domain.Task;
import io.synclane.common.domain.TaskStatus;
import io.synclane.common.domain.VerificationStatus;
import io.synclane.common.event.Topics;
import io.synclane.common.job.JobLifecycle;
import io.synclane.worker.testing.WorkerFixtures.Setup;
import io.synclane.worker.testing.WorkerFixtures;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * A job request on Kafka becomes a claimed, run and recorded job: over the real broker and database,
 * with the real SARIF connector reading a report that SpotBugs wrote.
 */
@QuarkusTest
class JobRequestConsumerTest {
    /** Real SpotBugs + Find Security Bugs output (see src/test/resources/sarif/README.md). */
    static final String SPOTBUGS_REPORT = SarifFixtures.SPOTBUGS_REPORT;

    @Inject
    JobLifecycle lifecycle;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void anImportOfARealSpotBugsReportFailsTheTasksItHasFindingsFor() throws Exception {
        Setup setup = WorkerFixtures.analysisConnection(Map.of("report_path", SPOTBUGS_REPORT),
                SarifFixtures.FOUND_CWE, SarifFixtures.UNCOVERED_CWE);

        long jobId = schedule(lifecycle, setup.connectionId());

        assertEquals(JobStatus.SUCCESS, awaitEnd(jobId, Duration.ofSeconds(60)));
        Map<String, Task> tasks = tasks(setup);
        assertEquals(VerificationStatus.FAIL, tasks.get("T1").verificationStatus, "a task with findings fails");
        assertEquals(VerificationStatus.NONE, tasks.get("T2").verificationStatus, "an uncovered task is untouched");

        Job job = read(() -> Job.findById(jobId));
        assertTrue(job.resultMessage.startsWith("SpotBugs: 23 findings, 1 tasks matched (1 fail, 0 pass, 0 partial)"),
                job.resultMessage);
        assertEquals(List.of(JobStatus.SCHEDULED, JobStatus.RUNNING, JobStatus.SUCCESS),
                read(() -> JobState.listForJob(jobId).stream().map(s -> s.status).toList()));

        List<JobRun> runs = read(() -> JobRun.listForJob(jobId));
        assertEquals(1, runs.size());
        JobRun run = runs.get(0);
        assertEquals(ProcessHandle.current().pid(), run.processId);
        assertEquals(JobStatus.SUCCESS, run.status);
        assertNotNull(run.finishedAt);
        assertTrue(run.stdout.contains("T1: verification none -> fail"), run.stdout);

        List<JobFile> files = read(() -> JobFile.listForJob(jobId));
        assertEquals(1, files.size());
        assertEquals("text/plain", files.get(0).mime);
        assertTrue(new String(files.get(0).content, StandardCharsets.UTF_8).contains(job.resultMessage));
        assertEquals(files.get(0).content.length, files.get(0).size);
        assertEquals(java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5")
                .digest(files.get(0).content)), files.get(0).md5);
    }

    @Test
    void coveredTasksWithoutFindingsPassAndTheStatusMappingMovesThem() throws Exception {
        Setup setup = WorkerFixtures.analysisConnection(
                Map.of("report_path", SarifFixtures.CODEQL_STYLE_REPORT, "task_status_mapping", Map.of("pass", "DONE")),
                SarifFixtures.FOUND_CWE, SarifFixtures.COVERED_NOT_FOUND_CWE, SarifFixtures.UNCOVERED_CWE);

        long jobId = schedule(lifecycle, setup.connectionId());

        assertEquals(JobStatus.SUCCESS, awaitEnd(jobId, Duration.ofSeconds(60)));
        Map<String, Task> tasks = tasks(setup);
        assertEquals(VerificationStatus.FAIL, tasks.get("T1").verificationStatus);
        assertEquals(TaskStatus.TODO, tasks.get("T1").status);
        assertEquals(VerificationStatus.PASS, tasks.get("T2").verificationStatus);
        assertEquals(TaskStatus.DONE, tasks.get("T2").status, "task_status_mapping moves a passed task to DONE");
        assertEquals(VerificationStatus.NONE, tasks.get("T3").verificationStatus);
        assertEquals(TaskStatus.TODO, tasks.get("T3").status);
    }

    private static Map<String, Task> tasks(Setup setup) {
        return read(() -> Task.listForProject(setup.projectId()).stream()
                .collect(Collectors.toMap(t -> t.taskId, t -> t)));
    }

    @Test
    void everyMoveIsPublishedOnJobEvents() throws Exception {
        Setup setup = WorkerFixtures.analysisConnection(Map.of("report_path", SPOTBUGS_REPORT),
                SarifFixtures.FOUND_CWE);
        long jobId = schedule(lifecycle, setup.connectionId());
        awaitEnd(jobId, Duration.ofSeconds(60));

        List<String> statuses = consume(Topics.JOB_EVENTS, 3, r -> r.value().contains("\"job_id\":" + jobId + ","))
                .stream().map(r -> r.value().replaceAll(".*\"status\":\"([a-z-]+)\".*", "$1")).toList();
        assertEquals(List.of("scheduled", "running", "success"), statuses);
    }

    @Test
    void aRequestDeliveredTwiceRunsTheJobOnce() throws Exception {
        Setup setup = WorkerFixtures.analysisConnection(Map.of("report_path", SPOTBUGS_REPORT),
                SarifFixtures.FOUND_CWE);
        long jobId = schedule(lifecycle, setup.connectionId());
        awaitEnd(jobId, Duration.ofSeconds(60));

        // Redeliver the same request, as Kafka may after a rebalance; then a second job on the same key
        // (same partition), so once that one has ended the duplicate has certainly been consumed.
        publish(Topics.JOB_REQUESTS, String.valueOf(setup.connectionId()), """
                {"job_id": %d, "connection_id": %d, "project_id": %d, "team_id": %d, "kind": "analysis",
                 "requested_at": "2026-11-24T12:00:00Z"}""".formatted(jobId, setup.connectionId(),
                setup.projectId(), setup.teamId()));
        long next = schedule(lifecycle, setup.connectionId());
        awaitEnd(next, Duration.ofSeconds(60));

        assertEquals(1, read(() -> JobRun.listForJob(jobId)).size());
        assertEquals(3, read(() -> JobState.listForJob(jobId)).size());
    }

    @Test
    void anInvalidReportEndsTheJobFailureWithTheReason() throws Exception {
        Setup setup = WorkerFixtures.analysisConnection(Map.of("report_path", SarifFixtures.NOT_SARIF),
                SarifFixtures.FOUND_CWE);
        long jobId = schedule(lifecycle, setup.connectionId());

        assertEquals(JobStatus.FAILURE, awaitEnd(jobId, Duration.ofSeconds(60)));
        String message = read(() -> Job.<Job>findById(jobId).resultMessage);
        assertTrue(message.contains("SARIF") || message.contains("JSON"), message);
        assertEquals(VerificationStatus.NONE,
                read(() -> Task.listForProject(setup.projectId()).get(0).verificationStatus));
    }

    @Test
    void aReportPathLeavingTheReportsFolderIsRefused() throws Exception {
        Setup setup = WorkerFixtures.analysisConnection(Map.of("report_path", "../../../pom.xml"),
                SarifFixtures.FOUND_CWE);
        long jobId = schedule(lifecycle, setup.connectionId());

        assertEquals(JobStatus.FAILURE, awaitEnd(jobId, Duration.ofSeconds(60)));
        assertTrue(read(() -> Job.<Job>findById(jobId).resultMessage).contains("outside"));
    }

    @Test
    void aRecordThatIsNotAJobRequestGoesToTheDeadLetterTopicAndConsumptionGoesOn() throws Exception {
        Setup setup = WorkerFixtures.analysisConnection(Map.of("report_path", SPOTBUGS_REPORT),
                SarifFixtures.FOUND_CWE);
        String key = String.valueOf(setup.connectionId());
        String garbage = "not a job request " + UUID.randomUUID();
        publish(Topics.JOB_REQUESTS, key, garbage);

        List<ConsumerRecord<String, String>> dead = consume(Topics.JOB_REQUESTS_DLQ, 1,
                r -> garbage.equals(r.value()));
        assertEquals(key, dead.get(0).key());

        long jobId = schedule(lifecycle, setup.connectionId());
        assertEquals(JobStatus.SUCCESS, awaitEnd(jobId, Duration.ofSeconds(60)));
    }

    @Test
    void anUnreadableRequestThatNamesItsJobEndsThatJobError() throws Exception {
        Setup setup = WorkerFixtures.analysisConnection(Map.of("report_path", SPOTBUGS_REPORT),
                SarifFixtures.FOUND_CWE);
        long jobId = io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().call(() -> {
            Job job = new Job();
            job.teamId = setup.teamId();
            job.projectId = setup.projectId();
            job.connectionId = setup.connectionId();
            job.kind = io.synclane.common.domain.ConnectionKind.ANALYSIS;
            job.status = JobStatus.SCHEDULED;
            job.manual = true;
            job.createdAt = java.time.Instant.now();
            job.updatedAt = job.createdAt;
            job.persist();
            return job.id;
        });
        String unreadable = "{\"job_id\": " + jobId + ", \"connection_id\": \"not a number\"}";
        publish(Topics.JOB_REQUESTS, String.valueOf(setup.connectionId()), unreadable);

        consume(Topics.JOB_REQUESTS_DLQ, 1, r -> unreadable.equals(r.value()));
        assertEquals(JobStatus.ERROR, awaitEnd(jobId, Duration.ofSeconds(30)));
        assertTrue(read(() -> Job.<Job>findById(jobId).resultMessage).contains("job-requests-dlq"));
    }

    private void publish(String topic, String key, String value) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        }
    }

    private List<ConsumerRecord<String, String>> consume(String topic, int count,
            java.util.function.Predicate<ConsumerRecord<String, String>> wanted) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, String>> found = new java.util.ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (found.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (wanted.test(r)) {
                        found.add(r);
                    }
                });
            }
        }
        assertEquals(count, found.size(), "records found on " + topic);
        return found;
    }
}
