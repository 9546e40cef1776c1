package io.synclane.api.face.sde;

import io.synclane.api.service.ApiTokenService.NewToken;
import io.synclane.api.service.Page;
import io.synclane.api.service.UserService;
import io.synclane.common.domain.ApiToken;
import io.synclane.common.domain.AppUser;
import io.synclane.common.domain.Connection;
import io.synclane.common.domain.Connector;
import io.synclane.common.domain.Job;
import io.synclane.common.domain.JobStatus;
import io.synclane.common.domain.Project;
import io.synclane.common.domain.Systems;
import io.synclane.common.domain.Systems.SystemInfo;
import io.synclane.common.domain.Task;
import io.synclane.common.domain.Team;
import io.synclane.common.job.JobQueries.JobRow;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.UriInfo;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Entities in the shapes of the SD Elements v2 pages (seeds 000–002). Maps keep the pages' field
 * order; params are left out entirely for callers without the edit permission of that side.
 */
@ApplicationScoped
public class SdeMapper {

    public Map<String, Object> team(Team team) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", team.id);
        json.put("name", team.name);
        json.put("advanced_alm", team.advancedAlm);
        json.put("created", team.createdAt);
        return json;
    }

    public Map<String, Object> user(AppUser user) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", user.id);
        json.put("email", user.email);
        json.put("name", user.name);
        json.put("team", user.teamId);
        json.put("is_admin", user.admin);
        json.put("permissions", UserService.permissions(user));
        return json;
    }

    /** A token as listed: never its key, which exists only in the answer to its creation. */
    public Map<String, Object> token(ApiToken token) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", token.id);
        json.put("name", token.name);
        json.put("prefix", token.keyPrefix);
        json.put("user", token.userId);
        json.put("created", token.createdAt);
        return json;
    }

    public Map<String, Object> newToken(NewToken created) {
        Map<String, Object> json = token(created.token());
        json.put("key", created.key());
        return json;
    }

    public Map<String, Object> project(Project project) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", project.id);
        json.put("name", project.name);
        json.put("description", project.description);
        json.put("profile", project.profile);
        json.put("created", project.createdAt);
        json.put("updated", project.updatedAt);
        return json;
    }

    public Map<String, Object> task(Task task) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", task.projectId + "-" + task.taskId);
        json.put("task_id", task.taskId);
        json.put("project", task.projectId);
        json.put("title", task.title);
        json.put("text", task.text);
        json.put("phase", task.phase);
        json.put("priority", task.priority);
        json.put("status", task.status.name());
        json.put("verification_status", task.verificationStatus.wire());
        json.put("cwes", Arrays.stream(task.cwes).boxed().toList());
        json.put("updated", task.updatedAt);
        return json;
    }

    public Map<String, Object> connector(Connector connector, boolean showParams) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", connector.id);
        json.put("name", connector.name);
        json.put("system", system(connector));
        json.put("inaccessible", connector.inaccessible);
        if (showParams) {
            json.put("params", connector.params);
        }
        return json;
    }

    /** A connection; {@code lastJob} is added only when the client asked for {@code include=last_job}. */
    public Map<String, Object> connection(Connection connection, boolean showParams, boolean includeLastJob,
            JobRow lastJob) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", connection.id);
        json.put("alias", connection.alias);
        json.put("system", system(connection.connector));
        json.put("frequency", connection.frequency.wire());
        json.put("command", connection.command());
        json.put("debug_mode", connection.debugMode);
        if (showParams) {
            json.put("params", connection.effectiveParams());
        }
        json.put("inaccessible", connection.connector.inaccessible);
        if (includeLastJob) {
            json.put("last_job", lastJob == null ? null : lastJob(lastJob));
        }
        json.put("in_progress", lastJob != null && !lastJob.terminal());
        json.put("connector", connection.connector.id);
        json.put("project", connection.projectId);
        json.put("schedule_paused", connection.schedulePaused);
        json.put("schedule_timezone", connection.scheduleTimezone);
        json.put("schedule_minute", connection.scheduleMinute);
        json.put("schedule_hour", connection.scheduleHour);
        json.put("schedule_day", connection.scheduleDay);
        json.put("next_run", connection.schedulePaused ? null : connection.nextRun);
        json.put("skipped_runs", connection.skippedRuns);
        return json;
    }

    /** The job in both versions of the page at once: {@code completed}/{@code ready}, {@code manual}/{@code automatic}. */
    public Map<String, Object> job(Job job, Object connectionField) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", job.id);
        json.put("project_id", job.projectId);
        json.put("connection", connectionField);
        json.put("user", job.userId);
        json.put("succeeded", job.status == JobStatus.SUCCESS);
        json.put("completed", job.status.isTerminal());
        json.put("ready", job.status.isTerminal());
        json.put("manual", job.manual);
        json.put("automatic", !job.manual);
        json.put("result_message", job.resultMessage);
        json.put("last_run", job.lastRun());
        json.put("status", job.status.wire());
        json.put("created", job.createdAt);
        return json;
    }

    /** The connection as {@code ?expand=connection} embeds it in a job (seed 001). */
    public Map<String, Object> jobConnection(Connection connection, boolean showParams) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("alias", connection.alias);
        json.put("command", connection.command());
        json.put("frequency", connection.frequency.wire());
        json.put("id", connection.id);
        if (showParams) {
            json.put("params", connection.effectiveParams());
        }
        json.put("project", connection.projectId);
        json.put("system", systemName(connection.connector.system, connection.kind));
        return json;
    }

    private Map<String, Object> lastJob(JobRow job) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("succeeded", job.status() == JobStatus.SUCCESS);
        json.put("last_run", job.lastRun());
        json.put("result_message", job.resultMessage());
        json.put("user", job.userId());
        json.put("ready", job.terminal());
        json.put("automatic", !job.manual());
        json.put("id", job.id());
        json.put("status", job.status().wire());
        return json;
    }

    /**
     * {@code {"results": [...]}}, plus {@code count}/{@code next}/{@code previous} when paged, and
     * {@code next} alone when an unpaged list was cut at the largest page size.
     */
    public Map<String, Object> page(Page<?> page, UriInfo uri) {
        Map<String, Object> json = new LinkedHashMap<>();
        if (page.request().paged()) {
            json.put("count", page.count());
            json.put("next", page.hasNext() ? pageLink(uri, page.request().pageSize(), page.request().page() + 1,
                    page.cursor()) : null);
            json.put("previous", page.hasPrevious() ? pageLink(uri, page.request().pageSize(),
                    page.request().page() - 1, null) : null);
        } else if (page.truncated()) {
            json.put("next", pageLink(uri, page.request().limit(), 2, page.cursor()));
        }
        json.put("results", page.items());
        return json;
    }

    /** A link to another page; with a cursor, the next page is read from it rather than counted off. */
    private static String pageLink(UriInfo uri, int pageSize, int page, Long cursor) {
        return uri.getRequestUriBuilder().replaceQueryParam("page_size", pageSize).replaceQueryParam("page", page)
                .replaceQueryParam("before", cursor == null ? new Object[0] : new Object[] {cursor})
                .build().toString();
    }

    private static Map<String, Object> system(Connector connector) {
        SystemInfo info = Systems.find(connector.kind, connector.system).orElseThrow();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", info.id());
        json.put("short_name", info.shortName());
        json.put("name", info.name());
        return json;
    }

    private static String systemName(String systemId, io.synclane.common.domain.ConnectionKind kind) {
        return Systems.find(kind, systemId).map(SystemInfo::name).orElse(systemId);
    }
}
