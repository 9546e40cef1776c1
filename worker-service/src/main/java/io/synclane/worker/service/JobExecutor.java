package io.synclane.worker.service;

import io.quarkus.runtime.ShutdownEvent;
import io.synclane.common.logging.LogContext;
import io.synclane.worker.config.WorkerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The pool connectors run on, never the Kafka polling thread. Its slots bound how many jobs this worker
 * runs at once: a request waits for a slot before it is claimed, so a claimed job always starts at once.
 * It also knows which claims are running, for lease renewal and cancellation.
 */
@ApplicationScoped
public class JobExecutor {
    private final Semaphore slots;
    private final ExecutorService pool;
    private final Map<Long, Running> running = new ConcurrentHashMap<>();

    /** A claim being run, and how to interrupt it. */
    public record Running(ClaimedJob claim, Future<?> future) {
    }

    public JobExecutor(WorkerConfig config) {
        this.slots = new Semaphore(config.maxRunningJobs());
        AtomicInteger counter = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(config.maxRunningJobs(), runnable -> {
            Thread thread = new Thread(runnable, "job-runner-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    public void acquireSlot() throws InterruptedException {
        slots.acquire();
    }

    public void releaseSlot() {
        slots.release();
    }

    /** Runs the claimed job on the pool, its log lines naming the job and its request, and frees its slot when it ends. */
    public synchronized void start(ClaimedJob claim, Runnable job) {
        Future<?> future = pool.submit(() -> {
            LogContext.putJob(claim.jobId(), claim.requestId());
            try {
                job.run();
            } finally {
                LogContext.clearJob();
                running.remove(claim.jobId());
                slots.release();
            }
        });
        if (!future.isDone()) {
            running.put(claim.jobId(), new Running(claim, future));
        }
    }

    public List<Running> running() {
        return List.copyOf(running.values());
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        pool.shutdown();
        pool.awaitTermination(30, TimeUnit.SECONDS);
    }
}
