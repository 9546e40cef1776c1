package io.synclane.api.face.sde;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.synclane.api.testing.Accounts;
import io.synclane.api.testing.Accounts.Account;
import io.synclane.api.testing.Fixtures;
import io.synclane.api.testing.Fixtures.AnalysisSetup;
import io.synclane.common.domain.JobState;
import io.synclane.common.domain.JobStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
class JobControlTest {
    private final Account editor = Accounts.newTeamUser(false, true, true);

    @Test
    void aQueuedJobIsCancelledOnceAndEndsKilled() {
        AnalysisSetup setup = Fixtures.analysisConnection(editor);
        int jobId = Fixtures.triggerSync(editor, setup.connectionId());

        given().header("Authorization", editor.header())
                .when().post("/api/v2/jobs/analysis/{id}/cancel/", jobId)
                .then().statusCode(200)
                .body("status", equalTo("killed"))
                .body("completed", equalTo(true))
                .body("succeeded", equalTo(false))
                .body("result_message", equalTo("cancelled by user " + editor.userId()));
        given().header("Authorization", editor.header())
                .when().post("/api/v2/jobs/analysis/{id}/cancel/", jobId)
                .then().statusCode(409);

        assertEquals(List.of(JobStatus.SCHEDULED, JobStatus.KILLED), QuarkusTransaction.requiringNew()
                .call(() -> JobState.listForJob(jobId).stream().map(s -> s.status).toList()));
    }

    @Test
    void aRerunIsANewManualJobOfTheSameConnection() {
        AnalysisSetup setup = Fixtures.analysisConnection(editor);
        int jobId = Fixtures.triggerSync(editor, setup.connectionId());

        given().header("Authorization", editor.header())
                .when().post("/api/v2/jobs/analysis/{id}/rerun/", jobId)
                .then().statusCode(202)
                .body("id", not(equalTo(jobId)))
                .body("connection", equalTo(setup.connectionId()))
                .body("status", equalTo("scheduled"))
                .body("manual", equalTo(true));
    }

    @Test
    void anotherTeamCannotCancelOrRerunAndAViewerMayNot() {
        AnalysisSetup setup = Fixtures.analysisConnection(editor);
        int jobId = Fixtures.triggerSync(editor, setup.connectionId());
        Account stranger = Accounts.newTeamUser(false, true, true);
        Account viewer = Accounts.userOf(editor.teamId(), false, false);

        given().header("Authorization", stranger.header())
                .when().post("/api/v2/jobs/analysis/{id}/cancel/", jobId).then().statusCode(404);
        given().header("Authorization", stranger.header())
                .when().post("/api/v2/jobs/analysis/{id}/rerun/", jobId).then().statusCode(404);
        given().header("Authorization", viewer.header())
                .when().post("/api/v2/jobs/analysis/{id}/cancel/", jobId).then().statusCode(403);
        given().header("Authorization", editor.header())
                .when().get("/api/v2/jobs/analysis/{id}", jobId).then().body("status", equalTo("scheduled"));
    }
}
