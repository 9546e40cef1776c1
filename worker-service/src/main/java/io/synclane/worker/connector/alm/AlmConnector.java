package io.synclane.worker.connector.alm;

import io.synclane.worker.connector.ConnectorFailure;
import io.synclane.worker.connector.JobLog;
import java.util.Map;

/**
 * One ALM system. Connecting checks what a run needs before anything is changed: the params, the
 * credentials and the project; a failure names what to fix and never holds a secret.
 */
public interface AlmConnector {
    /** The system id connectors and connections name, e.g. {@code redmine}. */
    String system();

    /**
     * @param params the connection's params over its connector's (already merged)
     */
    AlmTracker connect(Map<String, Object> params, JobLog log) throws ConnectorFailure;
}
