package io.synclane.api.testing;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.synclane.api.testing.Accounts.Account;

/** Records made through the API the way a client makes them. */
public final class Fixtures {
    /** A project with an analysis (SARIF) connection. */
    public record AnalysisSetup(int projectId, int connectorId, int connectionId) {
    }

    private Fixtures() {
    }

    public static AnalysisSetup analysisConnection(Account account) {
        int project = post(account, "/api/v2/projects/",
                "{\"name\": \"project-" + System.nanoTime() + "\", \"profile\": \"web-app\"}");
        int connector = post(account, "/api/v2/connectors/analysis/", """
                {"name": "SARIF", "system": {"id": "sarif"}, "params": {}}""");
        int connection = post(account, "/api/v2/connections/analysis/", """
                {"alias": "Import", "connector": %d, "project": %d, "params": {"report_path": "report.sarif"}}"""
                .formatted(connector, project));
        return new AnalysisSetup(project, connector, connection);
    }

    public static int post(Account account, String path, String body) {
        return given().header("Authorization", account.header()).contentType(ContentType.JSON).body(body)
                .when().post(path)
                .then().statusCode(201).extract().path("id");
    }

    public static int triggerSync(Account account, int connectionId) {
        return given().header("Authorization", account.header())
                .when().post("/api/v2/connections/analysis/{id}/sync/", connectionId)
                .then().statusCode(202).extract().path("id");
    }
}
