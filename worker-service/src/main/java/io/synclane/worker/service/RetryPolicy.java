package io.synclane.worker.service;

import io.synclane.worker.config.WorkerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Whether and when a failed attempt is tried again: exponential backoff with jitter (so connections that
 * failed together do not retry together), up to a number of attempts per connection.
 */
@ApplicationScoped
public class RetryPolicy {
    private final WorkerConfig config;

    public RetryPolicy(WorkerConfig config) {
        this.config = config;
    }

    /** The delay before the next attempt, or empty when this was the last one. */
    public Optional<Duration> nextDelay(int attempt, Map<String, Object> params) {
        if (attempt >= maxAttempts(params)) {
            return Optional.empty();
        }
        long base = config.retryBaseDelay().toMillis() << Math.min(attempt - 1, 20);
        long capped = Math.min(base, config.retryMaxDelay().toMillis());
        // Full jitter over the upper half: at least half the backoff, at most all of it.
        long jittered = capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1);
        return Optional.of(Duration.ofMillis(jittered));
    }

    public int maxAttempts(Map<String, Object> params) {
        Object value = params.get("max_attempts");
        if (value == null) {
            return config.maxAttempts();
        }
        try {
            return Math.max(1, Integer.parseInt(value.toString().trim()));
        } catch (NumberFormatException e) {
            return config.maxAttempts();
        }
    }
}
