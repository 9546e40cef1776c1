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
        return Optional.of(backoff(attempt, config.retryBaseDelay(), config.retryMaxDelay()));
    }

    /**
     * The wait after failed attempt {@code attempt} (1 for the first): {@code base} doubled per attempt, at most
     * {@code max}, with jitter over its upper half (at least half the backoff, at most all of it).
     */
    public static Duration backoff(int attempt, Duration base, Duration max) {
        long doubled = base.toMillis() << Math.min(Math.max(attempt, 1) - 1, 20);
        long capped = Math.min(doubled, max.toMillis());
        return Duration.ofMillis(capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1));
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
