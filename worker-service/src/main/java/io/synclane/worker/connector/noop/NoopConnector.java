package io.synclane.worker.connector.noop;

import io.synclane.worker.connector.AnalysisConnector;
import io.synclane.worker.connector.AnalysisReport;
import io.synclane.worker.connector.JobLog;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Analysis system {@code noop}: reports nothing and touches nothing outside Synclane, so a job's cost is
 * only the orchestration's own (outbox, Kafka, claim, runs, states). For benchmarks and smoke tests.
 */
@ApplicationScoped
public class NoopConnector implements AnalysisConnector {
    @Override
    public String system() {
        return "noop";
    }

    @Override
    public AnalysisReport fetchReport(Map<String, Object> params, JobLog log) {
        return new AnalysisReport("No-op", Set.of(), List.of(), 0);
    }
}
