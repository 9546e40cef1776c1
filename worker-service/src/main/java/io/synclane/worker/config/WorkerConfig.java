package io.synclane.worker.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "synclane.worker")
public interface WorkerConfig {
    /**
     * Jobs this process runs at once; a request waits for a free slot before it is claimed. Syncs mostly wait on
     * other systems' HTTP, and the requests waiting for slots are what the claims batch, so 16, well inside the
     * 32 database connections (a run holds at most one, briefly).
     */
    @WithDefault("16")
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
