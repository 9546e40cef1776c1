package io.synclane.api.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

@ConfigMapping(prefix = "synclane")
public interface ApiConfig {
    /** When set, the api-service makes sure an admin user holding this token exists (the launcher's admin). */
    Optional<String> adminToken();

    /** The team the bootstrap admin belongs to. */
    @WithDefault("default")
    String adminTeam();

    /** How api-service reaches the workers' internal endpoint (testalm runs the ALM connectors there). */
    Internal internal();

    interface Internal {
        /** The shared secret ({@code SYNCLANE_INTERNAL_TOKEN}); without it testalm checks params and reachability only. */
        Optional<String> token();

        /** A worker's HTTP address ({@code SYNCLANE_INTERNAL_WORKER_URL}). */
        @WithDefault("http://127.0.0.1:8081")
        String workerUrl();
    }

    /** API keys' authentication (security/ActorIdentityProvider). */
    Auth auth();

    interface Auth {
        /**
         * How long a key's owner, once looked up, is taken as known: a change on this replica counts at once, one
         * on another replica within this time; 0s looks the key up on every request.
         */
        @WithDefault("5s")
        Duration rememberKeys();
    }

    /** How long a connectivity test waits for a server to answer. */
    @WithDefault("5s")
    Duration probeTimeout();

    /** How often an idle job stream sends a comment line, so that proxies keep it open. */
    @WithDefault("15s")
    Duration streamHeartbeat();

    /** Remote agents and the files jobs carry (the DCI face). */
    Agents agents();

    interface Agents {
        /**
         * The key agents' api_secrets are derived from ({@code SYNCLANE_AGENT_KEY}), the same on every replica;
         * without it no agent can be created or sign in.
         */
        Optional<String> key();

        /** How long an agent holds a job without reporting before another agent may take it over. */
        @WithDefault("120s")
        Duration lease();

        /** The largest file a job may carry; a larger upload answers 413 and stores nothing. */
        @WithDefault("16777216")
        int maxFileSize();
    }

    /** Job-end notifications (webhooks): their secrets and where they may send. */
    Notifications notifications();

    interface Notifications {
        /**
         * The key webhooks' signing secrets are derived from ({@code SYNCLANE_NOTIFICATIONS_KEY}), the same for every
         * api-service and worker replica; without it no webhook can be created.
         */
        Optional<String> key();

        /** Whether a webhook may be a plain {@code http} URL (never by default: a delivery carries a job's summary). */
        @WithDefault("false")
        boolean allowHttp();

        /**
         * Whether a webhook may target this host's own, loopback or link-local addresses (a receiver beside the
         * service, in a test or on one machine); never by default, so a webhook cannot reach what only the service can.
         */
        @WithDefault("false")
        boolean allowPrivateTargets();
    }

    /** The operators' dashboard (/ui/). */
    Dashboard dashboard();

    interface Dashboard {
        /** The workers' consumer group on {@code job-requests}, whose lag the live page shows. */
        @WithDefault("synclane-workers")
        String workerGroup();

        /** How long a lag reading is reused, however many dashboards ask. */
        @WithDefault("5s")
        Duration lagCache();

        /** How long the broker may take to answer before the reading says it is unavailable. */
        @WithDefault("2500ms")
        Duration lagTimeout();
    }

    /** Largest {@code page_size} a list accepts. */
    @WithDefault("1000")
    int maxPageSize();
}
