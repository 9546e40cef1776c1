package io.synclane.worker.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "synclane.worker")
public interface WorkerConfig {
    /**
     * Jobs this process runs at once; a request waits for a free slot before it is claimed, and a slot is held
     * until the run's end is committed. Syncs mostly wait on other systems' HTTP, and the slots bound what one
     * claim or completion transaction can batch: with 16, batches of about 4 jobs, 580 jobs/s on two cores and
     * 2.9 ms of CPU per job; with 64, 1,040 jobs/s at 1.7 ms; with 128, 100,000 due at once all start within
     * 51 s instead of 68 (bench/README.md). A run holds at most one of the 32 database connections, briefly.
     * Lower it where runs are heavy (large reports held in memory at once).
     */
    @WithDefault("128")
    int maxRunningJobs();

    /** How long a claim holds without renewal before another worker may take the job over. */
    @WithDefault("60s")
    Duration lease();

    /** How often running jobs' leases are renewed: well inside {@link #lease()}. */
    @WithDefault("20s")
    String leaseRenewEvery();

    /** Attempts a retryable failure gets before the job ends {@code failure}; a connection's {@code max_attempts} param overrides it. */
    @WithDefault("4")
    int maxAttempts();

    /** The first retry's delay; each further one doubles it (with jitter), up to {@link #retryMaxDelay()}. */
    @WithDefault("5s")
    Duration retryBaseDelay();

    @WithDefault("10m")
    Duration retryMaxDelay();

    /**
     * How long a remote agent's job (its connector is inaccessible) may wait for an agent to take it before it
     * ends {@code error}: internal workers never run it.
     */
    @WithDefault("24h")
    Duration agentWait();

    /** How often this replica looks for expired leases to take over and retries that are due. */
    @WithDefault("10s")
    String leaseCheckEvery();
}
