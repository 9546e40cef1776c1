package io.synclane.worker.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.synclane.worker.connector.Connectors;
import io.synclane.worker.service.AlmSyncService;
import io.synclane.worker.service.AnalysisImportService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;

/**
 * Starts the remote agent's loop when this process runs under profile {@code agent}. That profile (see
 * application.properties) also keeps the process off PostgreSQL and Kafka: the datasource is never opened, Flyway and
 * the scheduler are off, the job-requests consumer is disabled and the outbox producer is never created. Without the
 * profile this bean does nothing, and the process is an internal worker.
 */
@ApplicationScoped
public class AgentMode {
    private static final Logger LOG = Logger.getLogger(AgentMode.class);

    private final AgentConfig config;
    private final Connectors connectors;
    private final AnalysisImportService imports;
    private final AlmSyncService almSync;
    private final ObjectMapper json;
    private Thread loop;

    public AgentMode(AgentConfig config, Connectors connectors, AnalysisImportService imports, AlmSyncService almSync,
            ObjectMapper json) {
        this.config = config;
        this.connectors = connectors;
        this.imports = imports;
        this.almSync = almSync;
        this.json = json;
    }

    void start(@Observes StartupEvent event) {
        if (!config.enabled()) {
            if (config.url().isPresent()) {
                LOG.warn("SYNCLANE_AGENT_URL is set, but this process runs as an internal worker: start it with "
                        + "-Dquarkus.profile=agent to run it as a remote agent");
            }
            return;
        }
        // A missing setting stops the start here, saying which (never echoing the secret).
        URI url = URI.create(required(config.url(), "SYNCLANE_AGENT_URL").trim());
        String id = required(config.id(), "SYNCLANE_AGENT_ID").trim();
        String secret = required(config.secret(), "SYNCLANE_AGENT_SECRET");
        LocalParams local = config.paramsFile().map(file -> LocalParams.read(file, json)).orElse(LocalParams.none());
        DciClient client = new DciClient(url, id, secret, config.requestTimeout(), json, Clock.systemUTC());
        RemoteJobRunner runner = new RemoteJobRunner(client, connectors, imports, almSync, local,
                config.heartbeatInterval(), config.pollBackoffMin(), config.pollBackoffMax());
        PollBackoff backoff = new PollBackoff(config.pollBackoffMin(), config.pollBackoffMax(),
                () -> ThreadLocalRandom.current().nextDouble());
        loop = new Thread(new RemoteAgent(client, runner, backoff), "synclane-agent");
        loop.setDaemon(true);
        loop.start();
        LOG.infof("remote agent %s asks %s for jobs (local params: %s)", client.agentId(), url,
                config.paramsFile().isPresent() ? local.describe() : "none");
    }

    /** Stops polling; a run in progress ends {@code error}, saying the agent was stopped. */
    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        if (loop != null) {
            loop.interrupt();
            loop.join(15_000);
        }
    }

    private static String required(Optional<String> value, String variable) {
        return value.filter(v -> !v.isBlank()).orElseThrow(() -> new IllegalStateException(
                "agent mode needs " + variable + " (SYNCLANE_AGENT_URL, SYNCLANE_AGENT_ID and SYNCLANE_AGENT_SECRET)"));
    }
}
