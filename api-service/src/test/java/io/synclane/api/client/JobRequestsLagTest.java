package io.synclane.api.client;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A broker that is not there makes the lag reading say so, within its timeout, and the reading is reused. */
class JobRequestsLagTest {
    @Test
    void aBrokerThatIsDownGivesAnUnavailableReadingInTime() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort(); // closed again: nothing listens there
        }
        JobRequestsLag lag = new JobRequestsLag("127.0.0.1:" + port, "synclane-workers", Duration.ofSeconds(30),
                Duration.ofMillis(800));
        try {
            long start = System.nanoTime();
            JobRequestsLag.Reading reading = lag.current();
            long tookMillis = (System.nanoTime() - start) / 1_000_000;

            assertFalse(reading.available());
            assertTrue(reading.lag() < 0);
            assertTrue(reading.detail().contains("did not answer") || reading.detail().contains("refused"),
                    reading.detail());
            assertTrue(tookMillis < 3000, "answered in " + tookMillis + " ms");
            assertSame(reading, lag.current(), "a reading is reused for the cache time");
        } finally {
            lag.close();
        }
    }
}
