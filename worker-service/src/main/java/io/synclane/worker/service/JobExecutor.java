package io.synclane.worker.service;

import io.quarkus.runtime.ShutdownEvent;
import io.synclane.worker.config.WorkerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The pool connectors run on, never the Kafka polling thread. Its slots bound how many jobs this worker
 * runs at once: a request waits for a slot before it is claimed, so a claimed job always starts at once.
 */
@ApplicationScoped
public class JobExecutor {
    private final Semaphore slots;
    private final ExecutorService pool;

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

    /** Runs the job on the pool and frees its slot when it ends. */
    public void start(Runnable job) {
        pool.execute(() -> {
            try {
                job.run();
            } finally {
                slots.release();
            }
        });
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        pool.shutdown();
        pool.awaitTermination(30, TimeUnit.SECONDS);
    }
}
