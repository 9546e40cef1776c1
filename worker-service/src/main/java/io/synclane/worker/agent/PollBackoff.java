package io.synclane.worker.agent;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * The pauses between polls that found nothing: {@code min}, doubling up to {@code max}, each drawn between half
 * and all of its step (so many agents started together do not poll in step). A job resets it.
 */
public final class PollBackoff {
    private final Duration min;
    private final Duration max;
    private final DoubleSupplier random;
    private Duration step;

    /** @param random values in [0, 1) */
    public PollBackoff(Duration min, Duration max, DoubleSupplier random) {
        if (min.isNegative() || min.isZero() || max.compareTo(min) < 0) {
            throw new IllegalArgumentException("poll backoff needs 0 < min <= max, not " + min + " and " + max);
        }
        this.min = min;
        this.max = max;
        this.random = random;
        this.step = min;
    }

    /** The next pause; the one after it is twice as long, up to {@code max}. */
    public synchronized Duration next() {
        long stepMillis = step.toMillis();
        long pause = stepMillis / 2 + (long) (random.getAsDouble() * (stepMillis - stepMillis / 2));
        step = step.multipliedBy(2).compareTo(max) > 0 ? max : step.multipliedBy(2);
        return Duration.ofMillis(Math.max(1, pause));
    }

    public synchronized void reset() {
        step = min;
    }
}
