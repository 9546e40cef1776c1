package io.synclane.api.service;

import io.synclane.common.domain.Connection;
import io.synclane.common.domain.ConnectionKind;
import io.synclane.common.domain.Job;
import io.synclane.common.domain.Project;
import io.synclane.common.job.JobLifecycle;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/** The seeds' "post results": a job run outside Synclane reports how it went. */
@ApplicationScoped
public class ReportedResultService {
    /**
     * The body of {@code POST /api/v2/projects/{id}/jobs/{alm,analysis}/}: {@code connection},
     * {@code result_message} and {@code succeeded} are required; {@code automatic} (or its opposite
     * {@code manual}) says how the run was started, automatic when neither is given, since results are
     * usually posted by the script or pipeline that ran the job.
     */
    public record ReportedResult(Long connection, String resultMessage, Boolean succeeded, Boolean automatic,
            Boolean manual) {
        boolean startedByHand() {
            if (automatic != null) {
                return !automatic;
            }
            return manual != null && manual;
        }
    }

    private final JobLifecycle lifecycle;

    public ReportedResultService(JobLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    @Transactional
    public Job record(Actor caller, long projectId, ConnectionKind kind, ReportedResult result) {
        if (Project.findForTeam(projectId, caller.teamId()) == null) {
            throw new NotFound();
        }
        caller.requireEdit(kind);
        if (result == null || result.connection() == null) {
            throw InvalidField.required("connection");
        }
        if (result.resultMessage() == null) {
            throw InvalidField.required("resultMessage");
        }
        if (result.succeeded() == null) {
            throw InvalidField.required("succeeded");
        }
        // It travels on job-events too: bounded well under the broker's 1 MiB record.
        Texts.bounded("resultMessage", result.resultMessage(), Texts.TEXT_MAX);
        Connection connection = Connection.findForTeam(result.connection(), caller.teamId(), kind);
        if (connection == null || connection.projectId != projectId) {
            throw new InvalidField("connection", "Invalid pk \"" + result.connection()
                    + "\" - no " + kind.wire() + " connection of this project.");
        }
        return lifecycle.recordReportedResult(connection, caller.userId(), result.startedByHand(), result.succeeded(),
                result.resultMessage());
    }
}
