package io.synclane.api.face.sde;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The whole v2 face is described at /q/openapi, with the seeds' own examples on the operations they show. */
@QuarkusTest
class OpenApiTest {
    @Test
    void everyOperationOfTheFaceIsDescribedAndTheSeedsExamplesResolve() {
        JsonPath doc = given().queryParam("format", "json").when().get("/q/openapi")
                .then().statusCode(200).extract().jsonPath();

        Map<String, Object> paths = doc.getMap("paths");
        for (String path : List.of("/api/v2/jobs/{kind}", "/api/v2/jobs/{kind}/{id}",
                "/api/v2/projects/{projectId}/jobs/{kind}", "/api/v2/connectors/{kind}", "/api/v2/connections/{kind}",
                "/api/v2/connectors/testalm", "/api/v2/connections/testanalysis", "/api/v2/projects/{id}/tasks",
                "/api/v2/teams", "/api/v2/users/{id}/tokens", "/api/v2/connections/{kind}/{id}/sync",
                "/api/v2/webhooks", "/api/v2/webhooks/{id}", "/api/v2/webhooks/{id}/rotate_secret")) {
            assertTrue(paths.containsKey(path), path + " is described");
        }

        Map<String, Object> examples = doc.getMap("components.examples");
        List<String> refs = new ArrayList<>();
        collectRefs(paths, refs);
        assertEquals(examples.size(), refs.stream().distinct().count(), "every seed example is used once at least");
        for (String ref : refs) {
            assertTrue(examples.containsKey(ref.substring(ref.lastIndexOf('/') + 1)), ref + " resolves");
        }
        Map<String, Object> postResults = doc.getMap(
                "paths.'/api/v2/projects/{projectId}/jobs/{kind}'.post.requestBody.content.'application/json'.examples");
        assertTrue(postResults.containsKey("seed001PostResultsOfAnALMJobOfAProjectRequest"));

        given().when().get("/q/swagger-ui/").then().statusCode(200);
        given().queryParam("format", "json").when().get("/q/openapi")
                .then().body("components.examples.seed002TestAnALMConnectorResponse.value", hasKey("success"));
    }

    /** Every operation of the face names the schema of its success answer, its security, and is tagged as the face's. */
    @Test
    @SuppressWarnings("unchecked")
    void everyOperationOfTheFaceHasASchemaForItsSuccessResponse() {
        JsonPath doc = given().queryParam("format", "json").when().get("/q/openapi")
                .then().statusCode(200).extract().jsonPath();
        Map<String, Map<String, Object>> paths = doc.getMap("paths");
        int operations = 0;
        for (var path : paths.entrySet()) {
            if (!path.getKey().startsWith("/api/v2/")) {
                continue;
            }
            for (var method : path.getValue().entrySet()) {
                if (!List.of("get", "put", "post", "delete", "patch").contains(method.getKey())) {
                    continue;
                }
                String operation = method.getKey().toUpperCase() + " " + path.getKey();
                Map<String, Object> op = (Map<String, Object>) method.getValue();
                operations++;
                assertTrue(String.valueOf(op.get("security")).contains("sde-token"),
                        operation + " requires the face's token: " + op.get("security"));
                List<String> tags = (List<String>) op.get("tags");
                assertTrue(tags != null && !tags.isEmpty() && tags.stream().allMatch(t -> t.startsWith("SD Elements v2")),
                        operation + " is tagged as the SD Elements v2 face: " + tags);
                Map<String, Map<String, Object>> responses = (Map<String, Map<String, Object>>) op.get("responses");
                List<String> successes = responses.keySet().stream().filter(code -> code.startsWith("2")).toList();
                assertFalse(successes.isEmpty(), operation + " describes its success response");
                for (String code : successes) {
                    if (code.equals("204")) {
                        continue;
                    }
                    Map<String, Map<String, Object>> content =
                            (Map<String, Map<String, Object>>) responses.get(code).get("content");
                    assertTrue(content != null && !content.isEmpty(), operation + " " + code + " has content");
                    content.forEach((type, media) -> assertTrue(media.get("schema") != null,
                            operation + " " + code + " " + type + " has a schema"));
                }
            }
        }
        assertTrue(operations >= 40, "the face's operations were found: " + operations);
    }

    @SuppressWarnings("unchecked")
    private static void collectRefs(Object node, List<String> refs) {
        if (node instanceof Map<?, ?> map) {
            Object ref = map.get("$ref");
            if (ref instanceof String s && s.startsWith("#/components/examples/")) {
                refs.add(s);
            }
            map.values().forEach(v -> collectRefs(v, refs));
        } else if (node instanceof List<?> list) {
            list.forEach(v -> collectRefs(v, refs));
        }
    }
}
