package io.synclane.api.face.sde;

import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.examples.Example;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.parameters.RequestBody;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;

/**
 * Puts the seeds' request/response examples ({@code META-INF/openapi.yaml}, components/examples) on the
 * operations they show, so /q/openapi and Swagger UI carry the pages' own examples.
 */
public class SeedExamplesFilter implements OASFilter {
    /** An operation's examples: its success status, the request examples, the response examples. */
    private record Examples(String status, List<String> requests, List<String> responses) {
    }

    private static final Map<String, Examples> BY_OPERATION = Map.ofEntries(
            Map.entry("GET /api/v2/jobs/{kind}", new Examples("200", List.of(), List.of(
                    "seed000GetAllALMJobsOfAllProjectsResponse", "seed000GetAllALMJobsOfAllProjectsWithExpandResponse",
                    "seed000GetAllAnalysisJobsForAllProjectsResponse",
                    "seed000GetAllAnalysisJobsForAllProjectsWithExpandResponse",
                    "seed001GetAllALMJobsOfAllProjectsResponse", "seed001GetAllAnalysisJobsForAllProjectsResponse"))),
            Map.entry("GET /api/v2/jobs/{kind}/{id}", new Examples("200", List.of(), List.of(
                    "seed001GetASpecificALMJobResponse", "seed001GetASpecificAnalysisJobResponse"))),
            Map.entry("GET /api/v2/projects/{projectId}/jobs/{kind}", new Examples("200", List.of(), List.of(
                    "seed000GetAllALMJobsForASpecificProjectResponse",
                    "seed000GetAllALMJobsForASpecificProjectWithExpandResponse",
                    "seed000GetAllAnalysisJobsForASpecificProjectResponse",
                    "seed000GetAllAnalysisJobsForASpecificProjectWithExpandResponse"))),
            Map.entry("POST /api/v2/projects/{projectId}/jobs/{kind}", new Examples("200", List.of(
                    "seed000PostResultsOfAnALMJobOfAProjectRequest", "seed000PostResultsOfAnAnalysisJobOfAProjectRequest",
                    "seed001PostResultsOfAnALMJobOfAProjectRequest", "seed001PostResultsOfAnAnalysisJobOfAProjectRequest"),
                    List.of("seed000PostResultsOfAnALMJobOfAProjectResponse",
                            "seed000PostResultsOfAnAnalysisJobOfAProjectResponse",
                            "seed001PostResultsOfAnALMJobOfAProjectResponse",
                            "seed001PostResultsOfAnAnalysisJobOfAProjectResponse"))),
            Map.entry("GET /api/v2/connectors/{kind}", new Examples("200", List.of(), List.of(
                    "seed002GetAllALMConnectorsResponse"))),
            Map.entry("GET /api/v2/connectors/{kind}/{id}", new Examples("200", List.of(), List.of(
                    "seed002GetASpecificALMConnectorResponse"))),
            Map.entry("POST /api/v2/connectors/{kind}", new Examples("201", List.of(
                    "seed002CreateAnALMConnectorRequest"), List.of("seed002CreateAnALMConnectorResponse"))),
            Map.entry("PATCH /api/v2/connectors/{kind}/{id}", new Examples("200", List.of(
                    "seed002UpdateAnALMConnectorRequest"), List.of("seed002UpdateAnALMConnectorResponse"))),
            Map.entry("GET /api/v2/connections/{kind}", new Examples("200", List.of(), List.of(
                    "seed002GetAllALMConnectionsOfAllProjectsResponse",
                    "seed002GetAllALMConnectionsOfAllProjectsWithIncludeResponse"))),
            Map.entry("GET /api/v2/connections/{kind}/{id}", new Examples("200", List.of(), List.of(
                    "seed002GetASpecificALMConnectionResponse"))),
            Map.entry("POST /api/v2/connections/{kind}", new Examples("201", List.of(
                    "seed002CreateAnALMConnectionRequest"), List.of("seed002CreateAnALMConnectionResponse"))),
            Map.entry("PATCH /api/v2/connections/{kind}/{id}", new Examples("200", List.of(
                    "seed002UpdateASpecificALMConnectionRequest"),
                    List.of("seed002UpdateASpecificALMConnectionResponse"))),
            Map.entry("POST /api/v2/connectors/testalm", new Examples("200", List.of(
                    "seed002TestAnALMConnectorRequest"), List.of("seed002TestAnALMConnectorResponse"))),
            Map.entry("POST /api/v2/connections/testalm", new Examples("200", List.of(
                    "seed002TestAnALMConnectionRequest"), List.of("seed002TestAnALMConnectionResponse"))));

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() == null) {
            return;
        }
        openAPI.getPaths().getPathItems().forEach((path, item) -> item.getOperations().forEach((method, operation) -> {
            Examples examples = BY_OPERATION.get(method + " " + path);
            if (examples != null) {
                attach(operation, examples);
            }
        }));
    }

    private static void attach(Operation operation, Examples examples) {
        if (!examples.requests().isEmpty()) {
            if (operation.getRequestBody() == null) {
                operation.setRequestBody(OASFactory.createRequestBody());
            }
            RequestBody body = operation.getRequestBody();
            if (body.getContent() == null) {
                body.setContent(OASFactory.createContent());
            }
            examples.requests().forEach(name -> json(body.getContent()).addExample(name, ref(name)));
        }
        if (operation.getResponses() == null) {
            operation.setResponses(OASFactory.createAPIResponses());
        }
        APIResponse response = operation.getResponses().getAPIResponse(examples.status());
        if (response == null) {
            response = OASFactory.createAPIResponse().description("OK");
            operation.getResponses().addAPIResponse(examples.status(), response);
        }
        if (response.getContent() == null) {
            response.setContent(OASFactory.createContent());
        }
        Content content = response.getContent();
        examples.responses().forEach(name -> json(content).addExample(name, ref(name)));
    }

    private static MediaType json(Content content) {
        MediaType type = content.getMediaType(jakarta.ws.rs.core.MediaType.APPLICATION_JSON);
        if (type == null) {
            type = OASFactory.createMediaType();
            content.addMediaType(jakarta.ws.rs.core.MediaType.APPLICATION_JSON, type);
        }
        return type;
    }

    private static Example ref(String name) {
        return OASFactory.createExample().ref("#/components/examples/" + name);
    }
}
