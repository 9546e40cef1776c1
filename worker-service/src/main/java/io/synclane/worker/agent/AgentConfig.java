package io.synclane.worker.agent;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The remote agent: the worker-service jar started with profile {@code agent} ({@code -Dquarkus.profile=agent}),
 * which pulls jobs of inaccessible connectors from the api-service's {@code /api/v1} face instead of reading Kafka and
 * PostgreSQL. Every value also comes from its environment variable ({@code SYNCLANE_AGENT_URL}, ...).
 */
@ConfigMapping(prefix = "synclane.agent")
public interface AgentConfig {
    /** True only under profile {@code agent}: then this process is an agent and nothing else. */
    @WithDefault("false")
    boolean enabled();

    /** Where the api-service answers, e.g. {@code https://synclane.example.com} ({@code SYNCLANE_AGENT_URL}). */
    Optional<String> url();

    /** This agent's remote CI id, {@code 7} or {@code remoteci/7} ({@code SYNCLANE_AGENT_ID}). */
    Optional<String> id();

    /** Its {@code api_secret}, which signs every request and is itself never sent ({@code SYNCLANE_AGENT_SECRET}). */
    Optional<String> secret();

    /**
     * A JSON file of params that override the jobs' own, {@code {"params": {...}, "connections": {"<jobdefinition id>":
     * {...}}}}: values (credentials, internal hosts) that stay on this machine ({@code SYNCLANE_AGENT_PARAMS_FILE}).
     */
    Optional<Path> paramsFile();

    /** The first pause after {@code 412 No jobs available}; each further one doubles it, with jitter. */
    @WithDefault("1s")
    Duration pollBackoffMin();

    @WithDefault("30s")
    Duration pollBackoffMax();

    /**
     * How often a running job's {@code running} state is posted again: each post renews the job's lease (120 s on the
     * server), and its answer tells whether the job is still this agent's.
     */
    @WithDefault("30s")
    Duration heartbeatInterval();

    /** Connect and answer timeout of each call to the api-service. */
    @WithDefault("30s")
    Duration requestTimeout();
}
