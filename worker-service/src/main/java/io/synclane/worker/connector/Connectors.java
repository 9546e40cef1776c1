package io.synclane.worker.connector;

import io.synclane.worker.connector.alm.AlmConnector;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Every connector of this process by the system id jobs name: what internal workers and remote agents run. */
@ApplicationScoped
public class Connectors {
    private final Map<String, AnalysisConnector> analysis;
    private final Map<String, AlmConnector> alm;

    @Inject
    public Connectors(Instance<AnalysisConnector> analysis, Instance<AlmConnector> alm) {
        this(analysis.stream().toList(), alm.stream().toList());
    }

    public Connectors(List<AnalysisConnector> analysis, List<AlmConnector> alm) {
        this.analysis = analysis.stream().collect(Collectors.toMap(AnalysisConnector::system, Function.identity()));
        this.alm = alm.stream().collect(Collectors.toMap(AlmConnector::system, Function.identity()));
    }

    public Optional<AnalysisConnector> analysis(String system) {
        return Optional.ofNullable(analysis.get(system));
    }

    public Optional<AlmConnector> alm(String system) {
        return Optional.ofNullable(alm.get(system));
    }
}
