package io.synclane.worker.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The worker's upkeep of the job tables ({@link io.synclane.worker.service.TableMaintenance}). */
@ConfigMapping(prefix = "synclane.maintenance")
public interface MaintenanceConfig {
    /** When the worker vacuums and analyzes the job tables itself. */
    @WithDefault("auto")
    Vacuum vacuum();

    /** How often ({@code off} disables the ticker, as the tests do). */
    @WithDefault("15s")
    String every();

    enum Vacuum {
        /** Only while the server's {@code autovacuum} is off; with it on, the server does this. */
        AUTO,
        ALWAYS,
        NEVER
    }
}
