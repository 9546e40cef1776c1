package io.synclane.common.notification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.synclane.common.notification.WebhookTargets.Policy;
import io.synclane.common.notification.WebhookTargets.Refused;
import io.synclane.common.notification.WebhookTargets.Target;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The SSRF guard: what a webhook URL may be and where its host may resolve, with a resolver the test controls. */
class WebhookTargetsTest {
    private static final Policy STRICT = new Policy(false, false);
    /** This host, as the guard sees its interfaces. */
    private static final InetAddress OWN = address("10.1.2.3");

    /** Names the way a hostile DNS may answer them; anything else does not resolve. */
    private static final Map<String, List<InetAddress>> DNS = Map.of(
            "hooks.example.com", List.of(address("203.0.113.10")),
            "rebound.example.com", List.of(address("127.0.0.1")),
            "mixed.example.com", List.of(address("203.0.113.10"), address("169.254.169.254")),
            "self.example.com", List.of(OWN),
            "private.example.com", List.of(address("10.9.9.9")));

    private static WebhookTargets targets(Policy policy) {
        return new WebhookTargets(policy, WebhookTargetsTest::resolve, () -> Set.of(OWN));
    }

    private static InetAddress[] resolve(String host) throws UnknownHostException {
        List<InetAddress> found = DNS.get(host);
        if (found != null) {
            return found.toArray(InetAddress[]::new);
        }
        if (Character.isDigit(host.charAt(0)) || host.contains(":")) {
            return new InetAddress[] {InetAddress.getByName(host)}; // a literal: no lookup
        }
        throw new UnknownHostException(host);
    }

    @Test
    void aPublicHttpsTargetResolvesToTheAddressesADeliveryConnectsTo() throws Exception {
        Target target = targets(STRICT).check("https://hooks.example.com/synclane?team=7");
        assertEquals("hooks.example.com", target.host());
        assertEquals(443, target.port());
        assertTrue(target.tls());
        assertEquals(List.of(address("203.0.113.10")), target.addresses());
        assertEquals(8443, targets(STRICT).check("https://203.0.113.10:8443/x").port());
        assertEquals(List.of(address("10.9.9.9")), targets(STRICT).check("https://private.example.com/").addresses(),
                "a private network's address is a customer's receiver, not the service itself");
    }

    @Test
    void theServicesOwnLoopbackLinkLocalAndMetadataAddressesAreRefused() {
        for (String url : List.of("https://127.0.0.1/", "https://127.8.9.10/", "https://[::1]/",
                "https://169.254.169.254/latest/meta-data/", "https://[fe80::1]/", "https://0.0.0.0/", "https://[::]/",
                "https://0.1.2.3/", "https://224.0.0.1/", "https://255.255.255.255/", "https://[fd00:ec2::254]/",
                "https://100.100.100.200/", "https://[::ffff:127.0.0.1]/", "https://[::127.0.0.1]/",
                "https://[64:ff9b::7f00:1]/", "https://[2002:a9fe:a9fe::1]/", "https://10.1.2.3/",
                "https://rebound.example.com/", "https://mixed.example.com/", "https://self.example.com:8443/")) {
            Refused refused = assertThrows(Refused.class, () -> targets(STRICT).check(url), url);
            assertFalse(refused.retryable(), url);
            assertTrue(refused.getMessage().contains("may not target the service's own network"), refused.getMessage());
        }
        assertTrue(assertThrows(Refused.class, () -> targets(STRICT).check("https://169.254.169.254/")).getMessage()
                .contains("link-local"));
    }

    @Test
    void onlyHttpsUnlessTheOperatorAllowsHttpAndNothingButAUrlWithAHost() {
        for (String url : List.of("http://hooks.example.com/", "ftp://hooks.example.com/", "file:///etc/passwd",
                "hooks.example.com/x", "https:///x", "https://user:pass@hooks.example.com/",
                "https://hooks.example.com/#frag", "https://hooks.example.com:0/", "https://hooks.example.com:70000/",
                "https://hooks example.com/", "https://bücher.example/", "")) {
            Refused refused = assertThrows(Refused.class, () -> targets(STRICT).check(url), url);
            assertFalse(refused.retryable(), url);
        }
        assertEquals(80, assertDoesNotThrow(() -> targets(new Policy(true, false)).check("http://hooks.example.com/"))
                .port());
    }

    @Test
    void aHostThatDoesNotResolveMayResolveLater() {
        Refused refused = assertThrows(Refused.class, () -> targets(STRICT).check("https://nowhere.example.com/"));
        assertTrue(refused.retryable());
        assertTrue(refused.getMessage().contains("could not be resolved"), refused.getMessage());
    }

    @Test
    void anOperatorMayAllowPrivateTargets() throws Exception {
        WebhookTargets lenient = targets(new Policy(false, true));
        assertEquals(List.of(address("127.0.0.1")), lenient.check("https://rebound.example.com/").addresses());
        assertEquals(List.of(OWN), lenient.check("https://10.1.2.3/").addresses());
    }

    @Test
    void theHostsOwnInterfacesAreRead() {
        Set<InetAddress> own = new WebhookTargets.InterfaceAddresses().get();
        assertTrue(own.stream().anyMatch(InetAddress::isLoopbackAddress), "the loopback interface is one: " + own);
    }

    private static Target assertDoesNotThrow(Checked check) {
        try {
            return check.run();
        } catch (Refused e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    private interface Checked {
        Target run() throws Refused;
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }
}
