package io.synclane.worker.connector;

import java.util.Map;
import java.util.function.Consumer;

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

    /**
     * As {@link #fetchReport(Map, JobLog)}, and hands the report's bytes as read to {@code keep} (before parsing them,
     * so an invalid report is kept too). A remote agent asks for them to upload with its job; internal workers do
     * not, so there the bytes do not outlive the parse. A connector that reads no report hands nothing.
     */
    default AnalysisReport fetchReport(Map<String, Object> params, JobLog log, Consumer<ReportFile> keep)
            throws ConnectorFailure {
        return fetchReport(params, log);
    }
}
