package io.synclane.worker.service;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

/** Runs the scheduler pass on this replica; overlapping passes are skipped, not queued. */
@ApplicationScoped
public class ScheduleTicker {
    private final SchedulerService scheduler;

    public ScheduleTicker(SchedulerService scheduler) {
        this.scheduler = scheduler;
    }

    @Scheduled(every = "${synclane.scheduler.every:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void tick() {
        scheduler.tick();
    }
}
