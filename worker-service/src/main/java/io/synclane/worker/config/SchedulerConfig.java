package io.synclane.worker.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "synclane.scheduler")
public interface SchedulerConfig {
    /** Due connections handled per transaction. */
    @WithDefault("500")
    int batchSize();

    /** How often each replica runs a pass ({@code off} disables it, as the tests do). */
    @WithDefault("5s")
    String every();
}
