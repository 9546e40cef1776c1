package io.synclane.worker.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class PollBackoffTest {
    @Test
    void doublesFromMinToMaxEachPauseBetweenHalfAndAllOfItsStep() {
        PollBackoff shortest = new PollBackoff(Duration.ofSeconds(1), Duration.ofSeconds(30), () -> 0.0);
        assertEquals(List.of(500L, 1000L, 2000L, 4000L, 8000L, 15000L, 15000L),
                Stream.generate(shortest::next).limit(7).map(Duration::toMillis).toList());
        PollBackoff longest = new PollBackoff(Duration.ofSeconds(1), Duration.ofSeconds(30), () -> 0.999999);
        assertEquals(List.of(999L, 1999L, 3999L, 7999L, 15999L, 29999L, 29999L),
                Stream.generate(longest::next).limit(7).map(Duration::toMillis).toList());
    }

    @Test
    void aJobStartsItOverFromMin() {
        PollBackoff backoff = new PollBackoff(Duration.ofSeconds(1), Duration.ofSeconds(30), () -> 0.999999);
        backoff.next();
        backoff.next();
        backoff.reset();
        assertEquals(Duration.ofMillis(999), backoff.next());
    }

    @Test
    void refusesNonsense() {
        assertThrows(IllegalArgumentException.class,
                () -> new PollBackoff(Duration.ZERO, Duration.ofSeconds(1), () -> 0.5));
        assertThrows(IllegalArgumentException.class,
                () -> new PollBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1), () -> 0.5));
    }
}
