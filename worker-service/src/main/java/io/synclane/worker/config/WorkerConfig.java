package io.synclane.worker.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "synclane.worker")
public interface WorkerConfig {
    /** Jobs this process runs at once; a request waits for a free slot before it is claimed. */
    @WithDefault("4")
    int maxRunningJobs();

    /** How long a claim holds without renewal before another worker may take the job over. */
    @WithDefault("60s")
    Duration lease();

    /** How often running jobs' leases are renewed: well inside {@link #lease()}. */
    @WithDefault("20s")
    String leaseRenewEvery();

    /** How often this replica looks for expired leases to take over. */
    @WithDefault("10s")
    String leaseCheckEvery();
}
