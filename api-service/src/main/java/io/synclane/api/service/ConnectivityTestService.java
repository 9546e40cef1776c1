package io.synclane.api.service;

import io.synclane.api.client.ServerProbe;
import io.synclane.api.client.WorkerConnectivityClient;
import io.synclane.api.service.ConnectorService.SystemRef;
import io.synclane.common.domain.ConnectionKind;
import io.synclane.common.domain.Connector;
import io.synclane.common.domain.Project;
import io.synclane.common.domain.SystemParams;
import io.synclane.common.domain.SystemParams.Requirement;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code testalm} / {@code testanalysis}: would these settings work? Checks the params the system needs,
 * then that its server answers. A failed check is an answer ({@code success: false} with the reason),
 * not an error; a request that names no system or an unknown record is a 400.
 */
@ApplicationScoped
public class ConnectivityTestService {
    public record TestResult(boolean success, String detail) {
        static TestResult passed() {
            return new TestResult(true, null);
        }
    }

    public record ConnectorTestInput(String name, SystemRef system, Map<String, Object> params) {
    }

    public record ConnectionTestInput(String alias, Long connector, Long project, SystemRef system,
            Map<String, Object> params) {
    }

    private final ServerProbe probe;
    private final WorkerConnectivityClient workers;

    public ConnectivityTestService(ServerProbe probe, WorkerConnectivityClient workers) {
        this.probe = probe;
        this.workers = workers;
    }

    public TestResult testConnector(Actor caller, ConnectionKind kind, ConnectorTestInput input) {
        caller.requireEdit(kind);
        if (input == null) {
            throw InvalidField.required("system");
        }
        Texts.bounded("name", input.name(), Texts.NAME_MAX);
        String system = ConnectorService.systemId(kind, input.system());
        if (input.params() == null) {
            throw InvalidField.required("params");
        }
        Params.check("params", input.params());
        return check(kind, system, SystemParams.forConnector(system), input.params());
    }

    /** The connection's params over its connector's, as a run would see them. */
    public TestResult testConnection(Actor caller, ConnectionKind kind, ConnectionTestInput input) {
        caller.requireEdit(kind);
        if (input == null) {
            throw InvalidField.required("connector");
        }
        Texts.bounded("alias", input.alias(), Texts.NAME_MAX);
        Params.check("params", input.params());
        Map<String, Object> params = new HashMap<>();
        String system = null;
        if (input.connector() != null) {
            Connector connector = Connector.findForTeam(input.connector(), caller.teamId(), kind);
            if (connector == null) {
                throw InvalidField.unknownReference("connector", input.connector());
            }
            params.putAll(connector.params);
            system = connector.system;
        }
        if (input.system() != null) {
            String named = ConnectorService.systemId(kind, input.system());
            if (system != null && !system.equals(named)) {
                throw new InvalidField("system", "The connector is a " + system + " connector, not " + named + ".");
            }
            system = named;
        }
        if (system == null) {
            throw InvalidField.required("connector");
        }
        if (input.project() != null && Project.findForTeam(input.project(), caller.teamId()) == null) {
            throw InvalidField.unknownReference("project", input.project());
        }
        if (input.params() != null) {
            params.putAll(input.params());
        }
        return check(kind, system, SystemParams.forConnection(system), params);
    }

    /**
     * A full ALM connection (connection params present) is checked by a worker with its connector:
     * credentials and project, as a sync would start. Otherwise, and when no worker can be asked (no
     * internal token), the server must answer an HTTP probe.
     */
    private TestResult check(ConnectionKind kind, String system, List<Requirement> requirements,
            Map<String, Object> params) {
        Optional<Requirement> unmet = SystemParams.firstUnmet(requirements, params);
        if (unmet.isPresent()) {
            return new TestResult(false, "Missing required param: " + unmet.get().describe() + ".");
        }
        boolean wholeConnection = SystemParams.firstUnmet(SystemParams.forConnection(system), params).isEmpty();
        if (kind == ConnectionKind.ALM && wholeConnection && workers.enabled()) {
            WorkerConnectivityClient.Verdict verdict = workers.check(system, params);
            return new TestResult(verdict.success(), verdict.detail());
        }
        Optional<String> server = SystemParams.serverUrl(system, params);
        if (server.isEmpty()) {
            return TestResult.passed();
        }
        boolean validateCertificate = !"false".equalsIgnoreCase(String.valueOf(params.get("alm_validate_cert")));
        return probe.unreachable(server.get(), validateCertificate)
                .map(reason -> new TestResult(false, reason))
                .orElseGet(TestResult::passed);
    }
}
