package io.synclane.api.face.sde;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.synclane.api.testing.Accounts;
import io.synclane.api.testing.Accounts.Account;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ProjectResourceTest {
    private final Account owner = Accounts.newTeamUser(false, true, true);

    private int createProject(Account account, String body) {
        return given().header("Authorization", account.header()).contentType(ContentType.JSON).body(body)
                .when().post("/api/v2/projects/")
                .then().statusCode(201).body("id", notNullValue())
                .extract().path("id");
    }

    @Test
    void aProjectCreatedFromTheWebAppProfileHasSecurityTasksWithCwes() {
        int id = createProject(owner, """
                {"name": "Payments", "profile": "web-app"}""");

        given().header("Authorization", owner.header())
                .when().get("/api/v2/projects/{id}/tasks/", id)
                .then().statusCode(200)
                .body("results", hasSize(16))
                .body("results.find { it.task_id == 'T21' }.title", equalTo("Secure forgotten password"))
                .body("results.find { it.task_id == 'T21' }.id", equalTo(id + "-T21"))
                .body("results.find { it.task_id == 'T1' }.cwes", contains(89))
                .body("results.status", everyItem(equalTo("TODO")))
                .body("results.verification_status", everyItem(equalTo("none")));
    }

    @Test
    void tasksAreFilteredByPhaseAndMinimumPriority() {
        int id = createProject(owner, """
                {"name": "Filters", "profile": "web-app"}""");

        given().header("Authorization", owner.header())
                .queryParam("phase", "requirements").queryParam("priority", 8)
                .when().get("/api/v2/projects/{id}/tasks/", id)
                .then().statusCode(200)
                .body("results.task_id", contains("T14", "T21"))
                .body("results.priority", everyItem(greaterThanOrEqualTo(8)));
    }

    @Test
    void aBadTaskFilterIsA400NamingIt() {
        int id = createProject(owner, """
                {"name": "Bad filter"}""");
        given().header("Authorization", owner.header()).queryParam("verification_status", "maybe")
                .when().get("/api/v2/projects/{id}/tasks/", id)
                .then().statusCode(400).body("verification_status", hasSize(1));
    }

    @Test
    void aMissingNameIsA400NamingTheField() {
        given().header("Authorization", owner.header()).contentType(ContentType.JSON).body("{}")
                .when().post("/api/v2/projects/")
                .then().statusCode(400).body("name[0]", equalTo("This field is required."));
    }

    @Test
    void anUnknownProfileIsA400NamingTheFieldAndWritesNothing() {
        given().header("Authorization", owner.header()).contentType(ContentType.JSON)
                .body("""
                        {"name": "Never made", "profile": "mainframe"}""")
                .when().post("/api/v2/projects/")
                .then().statusCode(400).body("profile", hasSize(1));
        given().header("Authorization", owner.header()).queryParam("name", "Never made")
                .when().get("/api/v2/projects/")
                .then().statusCode(200).body("results", hasSize(0));
    }

    @Test
    void malformedJsonIsA400() {
        given().header("Authorization", owner.header()).contentType(ContentType.JSON).body("{\"name\": ")
                .when().post("/api/v2/projects/")
                .then().statusCode(400).body("detail", notNullValue());
    }

    @Test
    void anotherTeamsProjectIsNotFound() {
        int id = createProject(owner, """
                {"name": "Private"}""");
        Account stranger = Accounts.newTeamUser(false, true, true);

        given().header("Authorization", stranger.header())
                .when().get("/api/v2/projects/{id}/", id)
                .then().statusCode(404).body("detail", equalTo("Not found."));
        given().header("Authorization", stranger.header())
                .when().get("/api/v2/projects/{id}/tasks/", id)
                .then().statusCode(404);
        given().header("Authorization", stranger.header())
                .when().get("/api/v2/projects/")
                .then().statusCode(200).body("results", hasSize(0));
    }

    @Test
    void aProjectIsRenamedByPatchAndNamesStayUniqueInATeam() {
        int id = createProject(owner, """
                {"name": "Old name"}""");
        createProject(owner, """
                {"name": "Taken"}""");

        given().header("Authorization", owner.header()).contentType(ContentType.JSON)
                .body("""
                        {"name": "New name"}""")
                .when().patch("/api/v2/projects/{id}/", id)
                .then().statusCode(200).body("name", equalTo("New name"));
        given().header("Authorization", owner.header()).contentType(ContentType.JSON)
                .body("""
                        {"name": "Taken"}""")
                .when().patch("/api/v2/projects/{id}/", id)
                .then().statusCode(400).body("name", hasSize(1));
    }

    @Test
    void listsArePagedWhenAPageSizeIsGiven() {
        Account fresh = Accounts.newTeamUser(false, true, true);
        for (int i = 0; i < 3; i++) {
            createProject(fresh, "{\"name\": \"P" + i + "\"}");
        }
        given().header("Authorization", fresh.header()).queryParam("page_size", 2)
                .when().get("/api/v2/projects/")
                .then().statusCode(200)
                .body("count", equalTo(3))
                .body("results.name", contains("P0", "P1"))
                .body("next", notNullValue())
                .body("previous", equalTo(null));
        given().header("Authorization", fresh.header()).queryParam("page_size", 2).queryParam("page", 2)
                .when().get("/api/v2/projects/")
                .then().statusCode(200)
                .body("results.name", contains("P2"))
                .body("next", equalTo(null))
                .body("previous", notNullValue());
        given().header("Authorization", fresh.header()).queryParam("page_size", 5000)
                .when().get("/api/v2/projects/")
                .then().statusCode(400).body("page_size", hasSize(1));
    }

    @Test
    void deletingAProjectRemovesItForItsTeam() {
        int id = createProject(owner, """
                {"name": "Short lived", "profile": "web-app"}""");
        given().header("Authorization", owner.header()).when().delete("/api/v2/projects/{id}/", id)
                .then().statusCode(204);
        given().header("Authorization", owner.header()).when().get("/api/v2/projects/{id}/", id)
                .then().statusCode(404);
        given().header("Authorization", owner.header()).when().get("/api/v2/projects/")
                .then().body("results.id", org.hamcrest.Matchers.not(hasItem(id)));
    }
}
