package io.synclane.api.face.sde;

import io.synclane.api.security.Caller;
import io.synclane.api.service.ConnectivityTestService;
import io.synclane.api.service.ConnectivityTestService.TestResult;
import io.synclane.common.domain.ConnectionKind;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Seed 002's "Test an ALM Connector / Connection", and their analysis twins. */
@Path("/api/v2")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = Tags.CONNECTIVITY)
@SecurityRequirement(name = Tags.SECURITY)
public class ConnectivityTestResource {
    private final ConnectivityTestService tests;
    private final Caller caller;

    public ConnectivityTestResource(ConnectivityTestService tests, Caller caller) {
        this.tests = tests;
        this.caller = caller;
    }

    @POST
    @Path("/connectors/testalm")
    public TestResultView testAlmConnector(ConnectorTestBody body) {
        return answer(tests.testConnector(caller.actor(), ConnectionKind.ALM, ConnectorTestBody.input(body)));
    }

    @POST
    @Path("/connectors/testanalysis")
    public TestResultView testAnalysisConnector(ConnectorTestBody body) {
        return answer(tests.testConnector(caller.actor(), ConnectionKind.ANALYSIS, ConnectorTestBody.input(body)));
    }

    @POST
    @Path("/connections/testalm")
    public TestResultView testAlmConnection(ConnectionTestBody body) {
        return answer(tests.testConnection(caller.actor(), ConnectionKind.ALM, ConnectionTestBody.input(body)));
    }

    @POST
    @Path("/connections/testanalysis")
    public TestResultView testAnalysisConnection(ConnectionTestBody body) {
        return answer(tests.testConnection(caller.actor(), ConnectionKind.ANALYSIS, ConnectionTestBody.input(body)));
    }

    /** {@code {"success": true}} as the seed shows; a failure adds {@code detail}. */
    private static TestResultView answer(TestResult result) {
        return new TestResultView(result.success(), result.detail());
    }
}
