package io.synclane.worker.connector;

import java.util.Map;

/**
 * One analysis tool. A connector only reads the tool's results; mapping them onto tasks is the
 * same for every tool and lives in {@code AnalysisImportService}.
 */
public interface AnalysisConnector {
    /** The system id connectors and connections name, e.g. {@code sarif}. */
    String system();

    /**
     * @param params the connection's params over its connector's (already merged)
     */
    AnalysisReport fetchReport(Map<String, Object> params, JobLog log) throws ConnectorFailure;
}
