package io.synclane.api.face.dci;

import io.synclane.api.face.dci.DciViews.FileView;
import io.synclane.api.face.dci.DciViews.IssueView;
import io.synclane.api.face.dci.DciViews.JobDefinitionView;
import io.synclane.api.face.dci.DciViews.JobStateView;
import io.synclane.api.face.dci.DciViews.JobView;
import io.synclane.api.face.dci.DciViews.RemoteciView;
import io.synclane.api.face.dci.DciViews.ResultView;
import io.synclane.api.face.dci.DciViews.TaskView;
import io.synclane.api.face.dci.DciViews.TeamView;
import io.synclane.api.service.AgentRunService.AgentTask;
import io.synclane.api.service.JUnitResults;
import io.synclane.api.service.RemoteAgentService;
import io.synclane.common.domain.Connection;
import io.synclane.common.domain.JobStatus;
import io.synclane.common.domain.RemoteAgent;
import io.synclane.common.domain.Task;
import io.synclane.common.job.JobRecordQueries.JobRecord;
import io.synclane.common.job.JobStore.RecordedState;
import io.synclane.common.job.JobStore.StoredFile;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** From the job core's records to the DCI face's views, and DCI's words for statuses. */
final class DciMapper {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);
    /** A file's content is shown inline up to this size, and only when it is text. */
    static final int INLINE_CONTENT_MAX = 64 * 1024;

    private DciMapper() {
    }

    /** DCI has no "scheduled": a job waiting to be run is {@code new}. */
    static String status(JobStatus status) {
        return status == JobStatus.SCHEDULED ? JobStatus.NEW.wire() : status.wire();
    }

    /** DCI's status words, as the job core's statuses; empty for a word DCI does not have. */
    static Optional<JobStatus> status(String word) {
        return "scheduled".equals(word) ? Optional.empty() : JobStatus.parse(word);
    }

    /** The core's statuses that show as this DCI word: {@code new} is waiting, whether scheduled yet or not. */
    static List<JobStatus> statusesShownAs(JobStatus status) {
        return status == JobStatus.NEW ? List.of(JobStatus.NEW, JobStatus.SCHEDULED) : List.of(status);
    }

    static JobView job(JobRecord job, TeamView team, RemoteciView remoteci, JobDefinitionView definition) {
        return new JobView(id(job.id()), job.etag(), status(job.status()), job.comment(), job.recheck(),
                time(job.createdAt()), time(job.updatedAt()), id(job.remoteciId()), id(job.connectionId()),
                id(job.teamId()), team, remoteci, definition);
    }

    static JobDefinitionView definition(Connection connection, Map<String, Object> params) {
        return new JobDefinitionView(id(connection.id), connection.alias, connection.kind.wire(),
                connection.connector.system, connection.command(), id(connection.projectId), params);
    }

    static RemoteciView remoteci(RemoteAgent agent, String apiSecret) {
        return new RemoteciView(id(agent.id), agent.name, id(agent.teamId), agent.state,
                RemoteAgentService.etag(agent), time(agent.createdAt), time(agent.updatedAt), time(agent.lastSeenAt),
                apiSecret);
    }

    static JobStateView state(RecordedState state, long teamId) {
        return new JobStateView(id(state.id()), status(state.status()), state.comment(), time(state.createdAt()),
                id(teamId), id(state.jobId()));
    }

    static FileView file(StoredFile file, long teamId, byte[] content) {
        return new FileView(inline(file, content), time(file.createdAt()), id(file.id()), id(file.jobStateId()),
                file.md5(), file.mime(), file.name(), id(teamId), id(file.jobId()), file.size());
    }

    static ResultView result(JUnitResults.Summary summary) {
        return new ResultView(String.valueOf(summary.errors()), String.valueOf(summary.failures()), summary.name(),
                String.valueOf(summary.skips()), summary.success(), summary.time(), String.valueOf(summary.total()));
    }

    static TaskView task(AgentTask agentTask) {
        Task task = agentTask.task();
        IssueView issue = agentTask.issue() == null ? null
                : new IssueView(agentTask.issue().issueKey, agentTask.issue().issueUrl, agentTask.issue().syncedDone);
        return new TaskView(id(task.id), task.taskId, task.title, task.text, task.phase, task.priority,
                task.status.name(), task.verificationStatus.wire(), Arrays.stream(task.cwes).boxed().toList(),
                List.of(task.tags), time(task.updatedAt), issue);
    }

    /** Small text is shown inline, as the seed does; bytes that are not UTF-8 text never are. */
    private static String inline(StoredFile file, byte[] content) {
        if (content == null || file.size() > INLINE_CONTENT_MAX) {
            return null;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(content)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    static String id(Long id) {
        return id == null ? null : String.valueOf(id);
    }

    static String id(long id) {
        return String.valueOf(id);
    }

    static String time(Instant instant) {
        return instant == null ? null : TIME.format(instant);
    }
}
