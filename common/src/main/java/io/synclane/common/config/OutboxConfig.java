package io.synclane.common.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "synclane.outbox")
public interface OutboxConfig {
    /** Off only for tools that must not publish (none of the services). */
    @WithDefault("true")
    boolean relayEnabled();

    /** Rows published per transaction. */
    @WithDefault("500")
    int batchSize();

    /** How long the relay sleeps when nobody wakes it: the delay for rows written by another process. */
    @WithDefault("200ms")
    Duration pollInterval();

    /**
     * How old the oldest waiting outbox row may grow before readiness turns down: the relay has not published for
     * that long while rows wait (the broker is gone, or the relay is stuck).
     */
    @WithDefault("60s")
    Duration stuckAfter();

    /** How long a batch may wait for the broker's acknowledgements before it is retried. */
    @WithDefault("30s")
    Duration sendTimeout();
}
