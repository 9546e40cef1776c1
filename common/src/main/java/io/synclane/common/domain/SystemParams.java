package io.synclane.common.domain;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The params each system needs before it can run, checked by the connectivity tests of the v2 face
 * and by the connectors themselves. A connector holds what reaches the server (server, credentials);
 * a connection adds what names the place in it (project, repository, report).
 */
public final class SystemParams {
    /** One requirement, met when any of its alternative names has a non-blank value. */
    public record Requirement(List<String> anyOf) {
        public boolean metBy(Map<String, Object> params) {
            return anyOf.stream().anyMatch(name -> {
                Object value = params.get(name);
                return value != null && !value.toString().isBlank();
            });
        }

        public String describe() {
            return anyOf.size() == 1 ? anyOf.get(0) : "one of " + String.join(", ", anyOf);
        }
    }

    private record Spec(List<Requirement> connector, List<Requirement> connection, String defaultServer) {
    }

    private static final Map<String, Spec> SPECS = Map.of(
            "github", new Spec(req("alm_api_token"), req("github_repo_owner", "alm_project|github_repo"),
                    "https://api.github.com"),
            "jira", new Spec(req("alm_server", "alm_api_token|alm_pass"), req("alm_project"), null),
            "redmine", new Spec(req("alm_server", "alm_api_token"), req("alm_project"), null),
            "sarif", new Spec(List.of(), req("report_path|report_url"), null));

    private SystemParams() {
    }

    /** What a connector of the system must hold. */
    public static List<Requirement> forConnector(String system) {
        Spec spec = SPECS.get(system);
        return spec == null ? List.of() : spec.connector();
    }

    /** What a connection's params over its connector's must hold: the connector's needs and its own. */
    public static List<Requirement> forConnection(String system) {
        Spec spec = SPECS.get(system);
        if (spec == null) {
            return List.of();
        }
        return Stream.concat(spec.connector().stream(), spec.connection().stream()).toList();
    }

    /** The first requirement the params do not meet. */
    public static Optional<Requirement> firstUnmet(List<Requirement> requirements, Map<String, Object> params) {
        return requirements.stream().filter(r -> !r.metBy(params)).findFirst();
    }

    /**
     * The server a system talks to: {@code alm_server} (with {@code alm_method}'s scheme when it has
     * none, https by default), else the system's public default; empty for systems without a server.
     */
    public static Optional<String> serverUrl(String system, Map<String, Object> params) {
        Object server = params.get("alm_server");
        if (server == null || server.toString().isBlank()) {
            Spec spec = SPECS.get(system);
            return Optional.ofNullable(spec == null ? null : spec.defaultServer());
        }
        String value = server.toString().trim();
        if (value.contains("://")) {
            return Optional.of(value);
        }
        Object method = params.get("alm_method");
        String scheme = method == null || method.toString().isBlank() ? "https" : method.toString().trim();
        return Optional.of(scheme + "://" + value);
    }

    private static List<Requirement> req(String... requirements) {
        return Arrays.stream(requirements).map(r -> new Requirement(List.of(r.split("\\|")))).toList();
    }
}
