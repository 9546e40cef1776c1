package io.synclane.common.domain;

import java.util.List;
import java.util.Optional;

/** The systems Synclane can connect to, as the seeds show them: {@code {"id", "short_name", "name"}}. */
public final class Systems {
    public record SystemInfo(String id, String shortName, String name, ConnectionKind kind) {
    }

    private static final List<SystemInfo> ALL = List.of(
            new SystemInfo("github", "GitHub", "GitHub", ConnectionKind.ALM),
            new SystemInfo("jira", "JIRA", "JIRA", ConnectionKind.ALM),
            new SystemInfo("redmine", "Redmine", "Redmine", ConnectionKind.ALM),
            new SystemInfo("sarif", "SARIF", "SARIF 2.1.0 report", ConnectionKind.ANALYSIS),
            new SystemInfo("noop", "No-op", "No-op (benchmarks and smoke tests)", ConnectionKind.ANALYSIS));

    private Systems() {
    }

    public static Optional<SystemInfo> find(ConnectionKind kind, String id) {
        return ALL.stream().filter(s -> s.kind() == kind && s.id().equals(id)).findFirst();
    }

    public static List<SystemInfo> of(ConnectionKind kind) {
        return ALL.stream().filter(s -> s.kind() == kind).toList();
    }
}
