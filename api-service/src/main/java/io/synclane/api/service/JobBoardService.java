package io.synclane.api.service;

import io.synclane.common.domain.Connection;
import io.synclane.common.domain.ConnectionKind;
import io.synclane.common.domain.Project;
import io.synclane.common.job.JobRecordQueries;
import io.synclane.common.job.JobStore.RecordedState;
import io.synclane.common.job.JobStore.StoredFile;
import io.synclane.common.job.OperationsQueries;
import io.synclane.common.job.OperationsQueries.ConnectionLine;
import io.synclane.common.job.OperationsQueries.ConnectionLines;
import io.synclane.common.job.OperationsQueries.JobFilter;
import io.synclane.common.job.OperationsQueries.JobLine;
import io.synclane.common.job.OperationsQueries.JobLines;
import io.synclane.common.job.OperationsQueries.RunLine;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * Jobs and connections as operators browse them: a team's jobs filtered and paged by a keyset cursor, one job with
 * its states, runs and files, a file's bytes, and connections with their recent outcomes. Each answer says which
 * controls the caller may use, by the rules the controls themselves enforce ({@link JobControlService},
 * {@link Actor#canEditConnections}); the browser only hides what the backend would refuse anyway.
 */
@ApplicationScoped
public class JobBoardService {
    public static final int LIMIT_MAX = 200;
    public static final int DEFAULT_LIMIT = 50;

    /** A job with everything its page shows, and the controls the caller may use on it. */
    public record JobDetail(JobLine job, List<RecordedState> states, List<RunLine> runs, List<StoredFile> files,
            boolean mayCancel, boolean mayRerun) {
    }

    /** A file of a job with its bytes. */
    public record FileContent(StoredFile file, byte[] content) {
    }

    /** A connection of the board and whether the caller may sync it now and pause or resume it. */
    public record ConnectionEntry(ConnectionLine connection, boolean maySync, boolean mayPause) {
    }

    public record ConnectionPage(List<ConnectionEntry> connections, Long after) {
    }

    private final OperationsQueries queries;
    private final JobRecordQueries records;

    public JobBoardService(OperationsQueries queries, JobRecordQueries records) {
        this.queries = queries;
        this.records = records;
    }

    /**
     * The team's jobs that match, newest first, from below {@code before}. A project or connection the filter names
     * must be the team's (400 naming it otherwise: a filter on another team's record is a mistake, not a search).
     */
    public JobLines jobs(Actor caller, JobFilter filter, Long before, Integer limit) {
        if (filter.projectId() != null && Project.findForTeam(filter.projectId(), caller.teamId()) == null) {
            throw InvalidField.unknownReference("project", filter.projectId());
        }
        if (filter.connectionId() != null && Connection.count("id = ?1 and teamId = ?2", filter.connectionId(),
                caller.teamId()) == 0) {
            throw InvalidField.unknownReference("connection", filter.connectionId());
        }
        return queries.jobs(caller.teamId(), filter, before, limit(limit));
    }

    public JobDetail job(Actor caller, ConnectionKind kind, long id) {
        JobLine job = queries.job(caller.teamId(), kind, id).orElseThrow(NotFound::new);
        return new JobDetail(job, records.states(id), queries.runs(id), records.files(id),
                JobControlService.mayCancel(caller, kind, job.status()), JobControlService.mayRerun(caller, kind));
    }

    /** A file of one of the team's jobs; a file of another job, or of another team's, is not found. */
    public FileContent file(Actor caller, ConnectionKind kind, long jobId, long fileId) {
        queries.job(caller.teamId(), kind, jobId).orElseThrow(NotFound::new);
        StoredFile file = records.file(fileId).filter(found -> found.teamId() == caller.teamId())
                .map(JobRecordQueries.FileRecord::file).filter(found -> found.jobId() == jobId)
                .orElseThrow(NotFound::new);
        return new FileContent(file, records.content(fileId));
    }

    /** The team's connections by id from after {@code after}, with their last job and outcomes. */
    public ConnectionPage connections(Actor caller, ConnectionKind kind, Long projectId, Long after, Integer limit) {
        if (projectId != null && Project.findForTeam(projectId, caller.teamId()) == null) {
            throw InvalidField.unknownReference("project", projectId);
        }
        ConnectionLines lines = queries.connections(caller.teamId(), kind, projectId, after, limit(limit));
        return new ConnectionPage(lines.connections().stream()
                .map(line -> new ConnectionEntry(line, SyncService.maySync(caller, line.kind()),
                        caller.canEditConnections(line.kind())))
                .toList(), lines.after());
    }

    private static int limit(Integer limit) {
        if (limit == null) {
            return DEFAULT_LIMIT;
        }
        if (limit < 1 || limit > LIMIT_MAX) {
            throw InvalidField.outOfRange("limit", 1, LIMIT_MAX);
        }
        return limit;
    }
}
