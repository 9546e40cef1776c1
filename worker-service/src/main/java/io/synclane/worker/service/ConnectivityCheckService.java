package io.synclane.worker.service;

import io.synclane.worker.connector.ConnectorFailure;
import io.synclane.worker.connector.Connectors;
import io.synclane.worker.connector.JobLog;
import io.synclane.worker.connector.alm.AlmConnector;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/**
 * An ALM connection checked the way a sync starts, without syncing: the connector's own connect (params,
 * credentials, project). It runs here because the connectors live in the workers.
 */
@ApplicationScoped
public class ConnectivityCheckService {
    public record CheckResult(boolean success, String detail) {
    }

    private static final JobLog DISCARD = new JobLog() {
        @Override
        public void info(String line) {
        }

        @Override
        public void warn(String line) {
        }
    };

    private final Connectors connectors;

    public ConnectivityCheckService(Connectors connectors) {
        this.connectors = connectors;
    }

    public CheckResult check(String system, Map<String, Object> params) {
        AlmConnector connector = connectors.alm(system).orElse(null);
        if (connector == null) {
            return new CheckResult(false, "No ALM connector for system \"" + system + "\".");
        }
        try {
            connector.connect(params == null ? Map.of() : params, DISCARD);
            return new CheckResult(true, null);
        } catch (ConnectorFailure failure) {
            return new CheckResult(false, failure.getMessage());
        }
    }
}
