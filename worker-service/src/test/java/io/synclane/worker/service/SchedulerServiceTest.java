package io.synclane.worker.service;

import static io.synclane.worker.testing.WorkerFixtures.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.synclane.common.domain.Connection;
import io.synclane.common.domain.ConnectionKind;
import io.synclane.common.domain.Connector;
import io.synclane.common.domain.Frequency;
import io.synclane.common.domain.Job;
import io.synclane.common.domain.JobStatus;
import io.synclane.common.domain.Project;
import io.synclane.common.domain.Team;
import io.synclane.worker.testing.TestClock;
import io.synclane.worker.testing.WorkerFixtures;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SchedulerServiceTest {
    @Inject
    SchedulerService scheduler;

    @Inject
    TestClock clock;

    /** Hourly connections at minute 0 whose first slot is {@code first}. Their syncs end at once: no Redmine params. */
    private List<Long> hourlyConnections(int count, Instant first) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Team team = new Team();
            team.name = "team-" + UUID.randomUUID();
            team.advancedAlm = true;
            team.persist();
            Project project = new Project();
            project.teamId = team.id;
            project.name = "scheduled";
            project.persist();
            Connector connector = new Connector();
            connector.teamId = team.id;
            connector.kind = ConnectionKind.ALM;
            connector.name = "tracker";
            connector.system = "redmine";
            connector.persist();
            List<Long> ids = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                Connection connection = new Connection();
                connection.teamId = team.id;
                connection.projectId = project.id;
                connection.connector = connector;
                connection.kind = ConnectionKind.ALM;
                connection.alias = "hourly-" + i;
                connection.frequency = Frequency.HOURLY;
                connection.scheduleMinute = 0;
                connection.nextRun = first;
                connection.persist();
                ids.add(connection.id);
            }
            return ids;
        });
    }

    private static List<Job> jobsOf(List<Long> connections) {
        return read(() -> Job.<Job>list("connectionId in ?1 order by id", connections));
    }

    private static void awaitAllEnded(List<Long> connections) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (jobsOf(connections).stream().anyMatch(j -> !j.status.isTerminal())) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("jobs did not end");
            }
            Thread.sleep(20);
        }
    }

    @Test
    void threeSchedulersRacingOver24SlotsMakeExactlyOneJobPerConnectionPerSlot() throws Exception {
        Instant first = Instant.now().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofDays(30));
        List<Long> connections = hourlyConnections(10, first);
        ExecutorService instances = Executors.newFixedThreadPool(3);
        try {
            for (int hour = 0; hour < 24; hour++) {
                clock.set(first.plus(Duration.ofHours(hour)).plusSeconds(5));
                List<Future<SchedulerService.TickResult>> passes = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    passes.add(instances.submit(scheduler::tick));
                }
                int created = 0;
                for (Future<SchedulerService.TickResult> pass : passes) {
                    created += pass.get().created();
                }
                assertEquals(10, created, "hour " + hour + ": one job per connection, whichever instance made it");
                awaitAllEnded(connections);
            }
        } finally {
            instances.shutdownNow();
        }

        List<Job> jobs = jobsOf(connections);
        assertEquals(240, jobs.size());
        Set<String> keys = new HashSet<>();
        for (Job job : jobs) {
            assertTrue(keys.add(job.connectionId + "@" + job.slot), "duplicate job for " + job.connectionId + "@" + job.slot);
            assertEquals(0, job.slot.atZone(java.time.ZoneOffset.UTC).getMinute());
            assertTrue(!job.manual);
        }
    }

    @Test
    void afterDowntimeAConnectionGetsOneCatchUpJobForAllMissedSlots() {
        Instant first = Instant.now().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofDays(60));
        List<Long> connections = hourlyConnections(1, first);
        clock.set(first.plus(Duration.ofHours(5)).plusSeconds(30));

        scheduler.tick();

        List<Job> jobs = jobsOf(connections);
        assertEquals(1, jobs.size());
        assertEquals(first.plus(Duration.ofHours(5)), jobs.get(0).slot);
        assertTrue(jobs.get(0).resultMessage.startsWith("catch-up for 6 missed slots"), jobs.get(0).resultMessage);
        Connection connection = read(() -> Connection.findById(connections.get(0)));
        assertEquals(first.plus(Duration.ofHours(6)), connection.nextRun);
    }

    @Test
    void aSlotIsSkippedVisiblyWhileThePreviousJobRuns() {
        Instant first = Instant.now().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofDays(90));
        List<Long> connections = hourlyConnections(1, first);
        long connectionId = connections.get(0);
        QuarkusTransaction.requiringNew().run(() -> {
            WorkerFixtures.jobRow(Connection.findById(connectionId), JobStatus.RUNNING).persist();
        });
        clock.set(first.plusSeconds(1));

        SchedulerService.TickResult result = scheduler.tick();

        assertEquals(1, result.skipped());
        assertEquals(1, jobsOf(connections).size(), "no job was added beside the running one");
        Connection connection = read(() -> Connection.findById(connectionId));
        assertEquals(1, connection.skippedRuns);
        assertEquals(first.plus(Duration.ofHours(1)), connection.nextRun);
    }

    @Test
    void aPausedOrManualConnectionIsNeverScheduled() {
        Instant first = Instant.now().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofDays(120));
        List<Long> connections = hourlyConnections(2, first);
        QuarkusTransaction.requiringNew().run(() -> {
            Connection.<Connection>findById(connections.get(0)).schedulePaused = true;
            Connection.<Connection>findById(connections.get(1)).frequency = Frequency.MANUALLY;
        });
        clock.set(first.plus(Duration.ofHours(3)));

        scheduler.tick();

        assertTrue(jobsOf(connections).isEmpty());
        assertNull(read(() -> Job.find("connectionId = ?1", connections.get(1)).firstResult()));
    }
}
