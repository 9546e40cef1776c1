package io.synclane.api.face.sde;

import io.synclane.api.security.Caller;
import io.synclane.api.service.ConnectivityTestService;
import io.synclane.api.service.ConnectivityTestService.ConnectionTestInput;
import io.synclane.api.service.ConnectivityTestService.ConnectorTestInput;
import io.synclane.api.service.ConnectivityTestService.TestResult;
import io.synclane.common.domain.ConnectionKind;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Seed 002's "Test an ALM Connector / Connection", and their analysis twins. */
@Path("/api/v2")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Connectivity tests")
public class ConnectivityTestResource {
    private final ConnectivityTestService tests;
    private final Caller caller;

    public ConnectivityTestResource(ConnectivityTestService tests, Caller caller) {
        this.tests = tests;
        this.caller = caller;
    }

    @POST
    @Path("/connectors/testalm")
    public Map<String, Object> testAlmConnector(ConnectorTestInput input) {
        return answer(tests.testConnector(caller.user(), ConnectionKind.ALM, input));
    }

    @POST
    @Path("/connectors/testanalysis")
    public Map<String, Object> testAnalysisConnector(ConnectorTestInput input) {
        return answer(tests.testConnector(caller.user(), ConnectionKind.ANALYSIS, input));
    }

    @POST
    @Path("/connections/testalm")
    public Map<String, Object> testAlmConnection(ConnectionTestInput input) {
        return answer(tests.testConnection(caller.user(), ConnectionKind.ALM, input));
    }

    @POST
    @Path("/connections/testanalysis")
    public Map<String, Object> testAnalysisConnection(ConnectionTestInput input) {
        return answer(tests.testConnection(caller.user(), ConnectionKind.ANALYSIS, input));
    }

    /** {@code {"success": true}} as the seed shows; a failure adds {@code detail}. */
    private static Map<String, Object> answer(TestResult result) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("success", result.success());
        if (result.detail() != null) {
            json.put("detail", result.detail());
        }
        return json;
    }
}
