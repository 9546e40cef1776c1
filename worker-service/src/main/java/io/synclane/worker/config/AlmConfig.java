package io.synclane.worker.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "synclane.alm")
public interface AlmConfig {
    /** Connect and request timeout of every call to an ALM. */
    @WithDefault("20s")
    Duration timeout();

    /** The longest an ALM's rate limit is waited out before the call is retried (then the job retries later). */
    @WithDefault("60s")
    Duration maxRateLimitWait();

    /** Where a person opens Synclane: issue bodies link back to their task there. */
    @WithDefault("http://127.0.0.1:8080")
    String publicUrl();
}
