package io.synclane.api.face.dci;

import static io.synclane.api.face.dci.DciCalls.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.synclane.api.face.dci.DciCalls.Agent;
import io.synclane.api.testing.Accounts;
import io.synclane.api.testing.Accounts.Account;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Remote agents (DCI's remotecis) as a team manages them: a team admin registers, renames and deletes them with
 * their current ETag; members see them; a name is unique in its team; a deleted agent signs in no more.
 */
@QuarkusTest
class DciRemoteciResourceTest {
    private Account admin;

    @BeforeEach
    void aTeamAdmin() {
        admin = Accounts.newTeamAdmin();
    }

    @Test
    void onlyATeamAdminRegistersAnAgent() {
        Account member = Accounts.userOf(admin.teamId(), true, true);
        Response byMember = as(member).body("{\"name\": \"x\"}").post("/api/v1/remotecis");
        assertEquals(401, byMember.statusCode(), byMember.asString());
        Agent agent = DciCalls.newAgent(admin);
        Response listed = as(member).get("/api/v1/remotecis");
        assertEquals(200, listed.statusCode());
        assertEquals(List.of(String.valueOf(agent.id())), listed.path("remotecis.id"));
        assertEquals(1, (int) listed.path("_meta.count"));
        assertNull(listed.path("remotecis[0].api_secret"), "the secret is never listed");
    }

    @Test
    void aNameIsUniqueInItsTeamAndRequired() {
        as(admin).body("{\"name\": \"site-a\"}").post("/api/v1/remotecis").then().statusCode(201);
        Response twice = as(admin).body("{\"name\": \"site-a\"}").post("/api/v1/remotecis");
        assertEquals(409, twice.statusCode(), twice.asString());
        Response nameless = as(admin).body("{\"team_id\": " + admin.teamId() + "}").post("/api/v1/remotecis");
        assertEquals(400, nameless.statusCode(), nameless.asString());
        assertTrue(nameless.asString().contains("name"));
        assertEquals(1, (int) as(admin).get("/api/v1/remotecis").path("_meta.count"));
    }

    @Test
    void renameAndDeleteNeedTheCurrentEtag() {
        Agent agent = DciCalls.newAgent(admin);
        String path = "/api/v1/remotecis/" + agent.id();
        assertEquals(412, as(admin).body("{\"name\": \"renamed\"}").put(path).statusCode());
        assertEquals(422, as(admin).header("If-Match", "stale").body("{\"name\": \"renamed\"}").put(path).statusCode());
        Response renamed = as(admin).header("If-Match", agent.etag()).body("{\"name\": \"renamed\"}").put(path);
        assertEquals(204, renamed.statusCode(), renamed.asString());
        assertNotEquals(agent.etag(), renamed.header("ETag"));
        assertEquals("renamed", as(admin).get(path).path("remoteci.name"));
        assertEquals(400, as(admin).header("If-Match", renamed.header("ETag")).body("{\"state\": \"asleep\"}").put(path)
                .statusCode());

        assertEquals(422, as(admin).header("If-Match", agent.etag()).delete(path).statusCode(), "the old ETag");
        assertEquals(204, as(admin).header("If-Match", renamed.header("ETag")).delete(path).statusCode());
        assertEquals(404, as(admin).get(path).statusCode());
        assertEquals(401, as(agent).get("/api/v1/identity").statusCode(), "a deleted agent signs in no more");
    }
}
