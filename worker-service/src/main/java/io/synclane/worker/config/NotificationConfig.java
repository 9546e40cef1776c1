package io.synclane.worker.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Job-end notifications (webhooks): who signs them, where they may go, how they are sent and retried. */
@ConfigMapping(prefix = "synclane.notifications")
public interface NotificationConfig {
    /** Whether this process sends deliveries (off in a remote agent, which has no database). */
    @WithDefault("true")
    boolean enabled();

    /**
     * The key webhooks' signing secrets are derived from ({@code SYNCLANE_NOTIFICATIONS_KEY}), the same as
     * api-service's; without it nothing is sent.
     */
    Optional<String> key();

    /** Whether a webhook may be a plain {@code http} URL. */
    @WithDefault("false")
    boolean allowHttp();

    /** Whether a delivery may go to this host's own, loopback or link-local addresses (a test's, one machine's). */
    @WithDefault("false")
    boolean allowPrivateTargets();

    /** Attempts a delivery gets before it is given up. */
    @WithDefault("8")
    int maxAttempts();

    /** The first retry's delay; each further one doubles it (with jitter), up to {@link #retryMaxDelay()}. */
    @WithDefault("10s")
    Duration retryBaseDelay();

    /** The longest wait between two attempts, a receiver's Retry-After included. */
    @WithDefault("1h")
    Duration retryMaxDelay();

    @WithDefault("5s")
    Duration connectTimeout();

    /** How long a receiver may stay silent while answering before the attempt fails (and is retried). */
    @WithDefault("10s")
    Duration readTimeout();

    /** How much of an answer is read: past it the connection is closed, the status kept. */
    @WithDefault("65536")
    int maxResponseBytes();

    /** Deliveries this process sends at once; the rest wait their turn. */
    @WithDefault("8")
    int concurrency();

    /** How often this process looks for due deliveries it was not woken for (retries, other replicas' events). */
    @WithDefault("1s")
    Duration pollInterval();

    /**
     * How long a claimed attempt is this process's: if it has not recorded an answer by then (it died), the delivery
     * is due again for any replica. Well over the connect and read timeouts.
     */
    @WithDefault("2m")
    Duration attemptLease();

    /**
     * A trust store (PKCS12 or JKS) to check receivers' certificates against instead of the JVM's: for receivers
     * with a private CA. Certificates are always checked, and host names too.
     */
    Optional<String> trustStore();

    Optional<String> trustStorePassword();
}
