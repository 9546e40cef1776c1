package io.synclane.api.face.sde;

import io.synclane.api.service.ApiTokenService.NewToken;
import io.synclane.api.service.Page;
import io.synclane.api.service.UserService;
import io.synclane.api.service.WebhookService.WebhookWithSecret;
import io.synclane.common.domain.ApiToken;
import io.synclane.common.domain.AppUser;
import io.synclane.common.domain.Connection;
import io.synclane.common.domain.ConnectionKind;
import io.synclane.common.domain.Connector;
import io.synclane.common.domain.Job;
import io.synclane.common.domain.JobStatus;
import io.synclane.common.domain.Project;
import io.synclane.common.domain.Systems;
import io.synclane.common.domain.Systems.SystemInfo;
import io.synclane.common.domain.Task;
import io.synclane.common.domain.Team;
import io.synclane.common.domain.Webhook;
import io.synclane.common.job.JobQueries.JobRow;
import io.synclane.common.job.JobStore.MovedJob;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Records in the shapes of the SD Elements v2 pages (seeds 000–002); the records keep the pages' field
 * order. Params are left out entirely for callers without the edit permission of that side.
 */
@ApplicationScoped
public class SdeMapper {

    public TeamView team(Team team) {
        return new TeamView(team.id, team.name, team.advancedAlm, team.createdAt);
    }

    public UserView user(AppUser user) {
        return new UserView(user.id, user.email, user.name, user.teamId, user.admin, UserService.permissions(user));
    }

    public TokenView token(ApiToken token) {
        return new TokenView(token.id, token.name, token.keyPrefix, token.userId, token.createdAt);
    }

    public NewTokenView newToken(NewToken created) {
        ApiToken token = created.token();
        return new NewTokenView(token.id, token.name, token.keyPrefix, token.userId, token.createdAt, created.key());
    }

    /** A webhook; with {@code secret} only when it was just made or rotated. */
    public WebhookView webhook(Webhook webhook, String secret) {
        return new WebhookView(webhook.id, webhook.url, List.of(webhook.statuses),
                Arrays.stream(webhook.connectionIds).boxed().toList(), webhook.active, webhook.createdAt,
                webhook.updatedAt, secret);
    }

    public WebhookView webhook(WebhookWithSecret created) {
        return webhook(created.webhook(), created.secret());
    }

    public ProjectView project(Project project) {
        return new ProjectView(project.id, project.name, project.description, project.profile, project.createdAt,
                project.updatedAt);
    }

    public TaskView task(Task task) {
        return new TaskView(task.projectId + "-" + task.taskId, task.taskId, task.projectId, task.title, task.text,
                task.phase, task.priority, task.status.name(), task.verificationStatus.wire(),
                Arrays.stream(task.cwes).boxed().toList(), task.updatedAt);
    }

    public ConnectorView connector(Connector connector, boolean showParams) {
        return new ConnectorView(connector.id, connector.name, system(connector), connector.inaccessible,
                showParams ? connector.params : null);
    }

    /**
     * A connection; {@code last_job} is there only when the client asked for {@code include=last_job}, while
     * {@code in_progress} always comes from the last job.
     */
    public ConnectionView connection(Connection connection, boolean showParams, boolean includeLastJob,
            JobRow lastJob) {
        Optional<LastJobView> lastJobField = includeLastJob ? Optional.ofNullable(lastJob).map(SdeMapper::lastJob)
                : null;
        return new ConnectionView(connection.id, connection.alias, system(connection.connector),
                connection.frequency.wire(), connection.command(), connection.debugMode,
                showParams ? connection.effectiveParams() : null, connection.connector.inaccessible, lastJobField,
                lastJob != null && !lastJob.terminal(), connection.connector.id, connection.projectId,
                connection.schedulePaused, connection.scheduleTimezone, connection.scheduleMinute,
                connection.scheduleHour, connection.scheduleDay, connection.schedulePaused ? null : connection.nextRun,
                connection.skippedRuns);
    }

    /** A job with its connection's id. */
    public JobView job(Job job) {
        return job(job, job.connectionId);
    }

    /** A job a client has just asked for (so manual), as the store wrote it: no read of it again. */
    public JobView newJob(MovedJob job, long userId) {
        return job(job.id(), job.projectId(), job.connectionId(), userId, job.status(), true, job.resultMessage(),
                Job.lastRun(null, job.startedAt(), job.createdAt()), job.createdAt());
    }

    /** A job with its connection expanded ({@code ?expand=connection}, seed 001). */
    public JobView job(Job job, Connection connection, boolean showParams) {
        return job(job, jobConnection(connection, showParams));
    }

    private static JobView job(Job job, Object connectionField) {
        return job(job.id, job.projectId, connectionField, job.userId, job.status, job.manual, job.resultMessage,
                job.lastRun(), job.createdAt);
    }

    /** The seeds' flags of a job, all read from its status and how it was started. */
    private static JobView job(long id, long projectId, Object connectionField, Long userId, JobStatus status,
            boolean manual, String resultMessage, Instant lastRun, Instant created) {
        boolean terminal = status.isTerminal();
        return new JobView(id, projectId, connectionField, userId, status == JobStatus.SUCCESS, terminal, terminal,
                manual, !manual, resultMessage, lastRun, status.wire(), created);
    }

    private static JobConnectionView jobConnection(Connection connection, boolean showParams) {
        return new JobConnectionView(connection.alias, connection.command(), connection.frequency.wire(),
                connection.id, showParams ? connection.effectiveParams() : null, connection.projectId,
                systemName(connection.connector.system, connection.kind));
    }

    private static LastJobView lastJob(JobRow job) {
        return new LastJobView(job.status() == JobStatus.SUCCESS, job.lastRun(), job.resultMessage(), job.userId(),
                job.terminal(), !job.manual(), job.id(), job.status().wire());
    }

    /**
     * {@code {"results": [...]}}, plus {@code count}/{@code next}/{@code previous} when paged, and
     * {@code next} alone when an unpaged list was cut at the largest page size.
     */
    public <T> ListPage<T> page(Page<T> page, UriInfo uri) {
        if (page.request().paged()) {
            Optional<String> next = page.hasNext() ? Optional.of(pageLink(uri, page.request().pageSize(),
                    page.request().page() + 1, page.cursor())) : Optional.empty();
            Optional<String> previous = page.hasPrevious() ? Optional.of(pageLink(uri, page.request().pageSize(),
                    page.request().page() - 1, null)) : Optional.empty();
            return new ListPage<>(page.count(), next, previous, page.items());
        }
        if (page.truncated()) {
            return new ListPage<>(null, Optional.of(pageLink(uri, page.request().limit(), 2, page.cursor())), null,
                    page.items());
        }
        return ListPage.of(page.items());
    }

    /** A link to another page; with a cursor, the next page is read from it rather than counted off. */
    private static String pageLink(UriInfo uri, int pageSize, int page, Long cursor) {
        return uri.getRequestUriBuilder().replaceQueryParam("page_size", pageSize).replaceQueryParam("page", page)
                .replaceQueryParam("before", cursor == null ? new Object[0] : new Object[] {cursor})
                .build().toString();
    }

    private static SystemView system(Connector connector) {
        SystemInfo info = Systems.find(connector.kind, connector.system).orElseThrow();
        return new SystemView(info.id(), info.shortName(), info.name());
    }

    private static String systemName(String systemId, ConnectionKind kind) {
        return Systems.find(kind, systemId).map(SystemInfo::name).orElse(systemId);
    }
}
