package io.synclane.common.notification;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Where a webhook may send: the SSRF guard, applied when a webhook is saved and again before every delivery (a name
 * may resolve elsewhere by then). A target is an absolute {@code https} URL ({@code http} only when the operator
 * allows it) with a host and no user info, whose host resolves only to addresses outside the service's own reach:
 * never loopback, link-local (which holds the clouds' metadata service, 169.254.169.254), unspecified, multicast, a
 * known metadata address, or an address of this host's own interfaces, including those embedded in an IPv6 address
 * (IPv4-compatible, NAT64, 6to4). One forbidden address refuses the host, whatever else it resolves to. An operator
 * may allow private targets ({@code synclane.notifications.allow-private-targets}), for receivers on this host.
 *
 * <p>A delivery connects to the addresses checked here, not to what a second lookup might answer.
 */
public final class WebhookTargets {
    /** Known metadata services outside the link-local range (AWS over IPv6, Alibaba Cloud). */
    private static final Set<String> METADATA = Set.of("fd00:ec2:0:0:0:0:0:254", "100.100.100.200");
    private static final long OWN_ADDRESSES_TTL_NANOS = 60_000_000_000L;

    /** What an operator allows: plain {@code http}, and targets on this host's own or link-local addresses. */
    public record Policy(boolean allowHttp, boolean allowPrivateTargets) {
    }

    /** A checked target: where to connect (the addresses the host resolved to, each allowed) and what to ask for. */
    public record Target(URI uri, String host, int port, boolean tls, List<InetAddress> addresses) {
    }

    /** Resolves a host name to its addresses (the system's resolver, or a test's). */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /**
     * Why a URL is not a target, in words for whoever gave it. {@code retryable}: the host did not resolve, which may
     * pass (a delivery tries again later); anything else is what the URL is and stays so.
     */
    public static final class Refused extends Exception {
        private final boolean retryable;

        Refused(String message, boolean retryable) {
            super(message, null, false, false);
            this.retryable = retryable;
        }

        public boolean retryable() {
            return retryable;
        }
    }

    private final Policy policy;
    private final Resolver resolver;
    private final Supplier<Set<InetAddress>> ownAddresses;

    /** With the system's resolver and this host's interface addresses (read again at most once a minute). */
    public WebhookTargets(Policy policy) {
        this(policy, InetAddress::getAllByName, new InterfaceAddresses());
    }

    public WebhookTargets(Policy policy, Resolver resolver, Supplier<Set<InetAddress>> ownAddresses) {
        this.policy = policy;
        this.resolver = resolver;
        this.ownAddresses = ownAddresses;
    }

    public Policy policy() {
        return policy;
    }

    /** The URL's form and where it resolves to, both checked. */
    public Target check(String url) throws Refused {
        return resolve(parse(url));
    }

    /** The URL's form alone: absolute, {@code https} (or allowed {@code http}), a host, a port, no user info. */
    public URI parse(String url) throws Refused {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new Refused("Enter a valid URL.", false);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(scheme.equals("http") && policy.allowHttp())) {
            throw new Refused(policy.allowHttp() ? "Enter an http or https URL." : "Enter an https URL.", false);
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new Refused("Enter a URL with a host name (an internationalised name in its xn-- form).", false);
        }
        if (uri.getRawUserInfo() != null) {
            throw new Refused("A URL must not carry a user name or password: receivers check the signature instead.",
                    false);
        }
        if (uri.getRawFragment() != null) {
            throw new Refused("A URL must not have a fragment (#...): it is never sent.", false);
        }
        if (uri.getPort() == 0 || uri.getPort() > 65_535) {
            throw new Refused("Enter a URL with a port between 1 and 65535.", false);
        }
        return uri;
    }

    /** Resolves the URL's host and checks every address it gave. */
    public Target resolve(URI uri) throws Refused {
        String host = uri.getHost();
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(bare);
        } catch (UnknownHostException | SecurityException e) {
            throw new Refused("The host " + host + " could not be resolved.", true);
        }
        if (addresses == null || addresses.length == 0) {
            throw new Refused("The host " + host + " could not be resolved.", true);
        }
        if (!policy.allowPrivateTargets()) {
            Set<InetAddress> own = ownAddresses.get();
            for (InetAddress address : addresses) {
                String why = forbidden(address, own);
                if (why != null) {
                    throw new Refused("The host " + host + " resolves to " + address.getHostAddress() + ", " + why
                            + ": webhooks may not target the service's own network.", false);
                }
            }
        }
        boolean tls = uri.getScheme().equalsIgnoreCase("https");
        int port = uri.getPort() > 0 ? uri.getPort() : tls ? 443 : 80;
        return new Target(uri, bare, port, tls, List.of(addresses));
    }

    /** Why an address may not be a webhook's target (words for a sentence), or null when it may. */
    static String forbidden(InetAddress address, Set<InetAddress> own) {
        if (address.isAnyLocalAddress()) {
            return "an unspecified address";
        }
        if (address.isLoopbackAddress()) {
            return "a loopback address";
        }
        if (address.isLinkLocalAddress()) {
            return "a link-local address (where cloud metadata services answer)";
        }
        if (address.isMulticastAddress()) {
            return "a multicast address";
        }
        if (METADATA.contains(address.getHostAddress().toLowerCase(Locale.ROOT).replaceFirst("%.*$", ""))) {
            return "a cloud metadata address";
        }
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address && (bytes[0] == 0 || Arrays.equals(bytes, new byte[] {-1, -1, -1, -1}))) {
            return "an address of this network (0.0.0.0/8) or the broadcast address";
        }
        if (own.contains(address)) {
            return "an address of this host";
        }
        if (address instanceof Inet6Address) {
            InetAddress embedded = embeddedIpv4(bytes);
            if (embedded != null) {
                String why = forbidden(embedded, own);
                if (why != null) {
                    return "an IPv6 form of " + embedded.getHostAddress() + " (" + why + ")";
                }
            }
        }
        return null;
    }

    /** The IPv4 address an IPv6 one carries: IPv4-compatible ({@code ::a.b.c.d}), NAT64 ({@code 64:ff9b::/96}), 6to4. */
    private static InetAddress embeddedIpv4(byte[] v6) {
        byte[] v4 = null;
        if (allZero(v6, 0, 12)) {
            v4 = Arrays.copyOfRange(v6, 12, 16); // ::a.b.c.d (::ffff:a.b.c.d is an Inet4Address already)
        } else if (v6[0] == 0x00 && v6[1] == 0x64 && v6[2] == (byte) 0xff && v6[3] == (byte) 0x9b && allZero(v6, 4, 12)) {
            v4 = Arrays.copyOfRange(v6, 12, 16);
        } else if (v6[0] == 0x20 && v6[1] == 0x02) {
            v4 = Arrays.copyOfRange(v6, 2, 6);
        }
        if (v4 == null) {
            return null;
        }
        try {
            return InetAddress.getByAddress(v4);
        } catch (UnknownHostException e) {
            return null; // four bytes always make an address
        }
    }

    private static boolean allZero(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** This host's interface addresses, read again once they are a minute old (interfaces come and go). */
    static final class InterfaceAddresses implements Supplier<Set<InetAddress>> {
        private volatile Set<InetAddress> addresses;
        private volatile long readAt;

        @Override
        public Set<InetAddress> get() {
            long now = System.nanoTime();
            Set<InetAddress> known = addresses;
            if (known == null || now - readAt > OWN_ADDRESSES_TTL_NANOS) {
                known = read();
                addresses = known;
                readAt = now;
            }
            return known;
        }

        private static Set<InetAddress> read() {
            Set<InetAddress> found = new HashSet<>();
            try {
                for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                    found.addAll(Collections.list(nic.getInetAddresses()));
                }
            } catch (SocketException e) {
                // None readable: loopback and link-local are still refused by kind.
            }
            return Set.copyOf(found);
        }
    }
}
