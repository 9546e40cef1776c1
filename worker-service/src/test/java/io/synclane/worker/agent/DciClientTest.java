package io.synclane.worker.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What the signature covers must be what java.net.http sends: its Host header leaves out the scheme's default port. */
class DciClientTest {
    @Test
    void theSignedHostIsTheHostHeaderTheJdkClientSends() {
        assertEquals("synclane.example.com", DciClient.hostHeader(URI.create("https://synclane.example.com/")));
        assertEquals("synclane.example.com", DciClient.hostHeader(URI.create("https://synclane.example.com:443")));
        assertEquals("synclane.example.com:8443", DciClient.hostHeader(URI.create("https://synclane.example.com:8443")));
        assertEquals("127.0.0.1", DciClient.hostHeader(URI.create("http://127.0.0.1:80")));
        assertEquals("127.0.0.1:443", DciClient.hostHeader(URI.create("http://127.0.0.1:443")));
        assertEquals("[::1]:8080", DciClient.hostHeader(URI.create("http://[::1]:8080/synclane")));
    }

    @Test
    void anIdWithItsClientTypeIsTheSameAgentAndOnlyHttpUrlsAreTaken() {
        assertEquals("7", client("http://127.0.0.1:8080", "remoteci/7").agentId());
        assertEquals("7", client("http://127.0.0.1:8080", "7").agentId());
        assertThrows(IllegalArgumentException.class, () -> client("ftp://127.0.0.1", "7"));
        assertThrows(IllegalArgumentException.class, () -> client("127.0.0.1:8080", "7"));
    }

    private static DciClient client(String url, String id) {
        return new DciClient(URI.create(url), id, "secret", Duration.ofSeconds(1), new ObjectMapper(), Clock.systemUTC());
    }
}
