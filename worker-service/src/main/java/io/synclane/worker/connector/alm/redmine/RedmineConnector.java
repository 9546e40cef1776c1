package io.synclane.worker.connector.alm.redmine;

import com.fasterxml.jackson.databind.JsonNode;
import io.synclane.worker.config.AlmConfig;
import io.synclane.worker.connector.ConnectorFailure;
import io.synclane.worker.connector.JobLog;
import io.synclane.worker.connector.alm.AlmConnector;
import io.synclane.worker.connector.alm.AlmHttp;
import io.synclane.worker.connector.alm.AlmHttp.Answer;
import io.synclane.worker.connector.alm.AlmParams;
import io.synclane.worker.connector.alm.AlmTracker;
import io.synclane.worker.connector.alm.TrackedIssue;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Redmine's REST API with an API key ({@code X-Redmine-API-Key}): {@code alm_server}, {@code alm_api_token},
 * {@code alm_project} (the project's identifier), tracker {@code alm_issue_type} by name (default Bug). Which
 * statuses count as done is read from the server: its closed statuses and those named in
 * {@code alm_done_statuses} (default Resolved,Closed).
 */
@ApplicationScoped
public class RedmineConnector implements AlmConnector {
    private final AlmConfig config;

    public RedmineConnector(AlmConfig config) {
        this.config = config;
    }

    @Override
    public String system() {
        return "redmine";
    }

    @Override
    public AlmTracker connect(Map<String, Object> params, JobLog log) throws ConnectorFailure {
        AlmParams p = new AlmParams(system(), params);
        p.requireAll();
        AlmHttp http = new AlmHttp("Redmine", p.server(), Map.of("X-Redmine-API-Key", p.text("alm_api_token", "")),
                p.validateCertificate(), config.timeout(), config.maxRateLimitWait());
        String project = p.text("alm_project", null);

        // Redmine answers an unknown key as an anonymous visitor; asking who we are tells them apart.
        Answer me = http.get("users/current.json");
        if (me.status() == 401 || me.status() == 403) {
            throw new ConnectorFailure("Redmine refused the API key (" + me.status()
                    + "): check alm_api_token and that the REST API is enabled.");
        }
        expectOk(me, "users/current.json");
        Answer found = http.get("projects/" + encode(project) + ".json");
        if (found.status() == 404 || found.status() == 403) {
            throw new ConnectorFailure("Redmine has no project \"" + project + "\" (alm_project) visible to this key.");
        }
        expectOk(found, "projects/" + project + ".json");
        long projectId = found.body().path("project").path("id").asLong();

        Set<String> doneNames = p.list("alm_done_statuses", "Resolved,Closed").stream()
                .map(String::toLowerCase).collect(Collectors.toSet());
        JsonNode statuses = expectOk(http.get("issue_statuses.json"), "issue_statuses.json").path("issue_statuses");
        Set<Long> doneIds = new HashSet<>();
        Long closeId = null;
        Long openId = null;
        for (JsonNode status : statuses) {
            boolean closed = status.path("is_closed").asBoolean();
            long id = status.path("id").asLong();
            if (closed || doneNames.contains(status.path("name").asText().toLowerCase())) {
                doneIds.add(id);
            }
            if (closed && (closeId == null || "closed".equalsIgnoreCase(status.path("name").asText()))) {
                closeId = id;
            }
            if (!closed && openId == null) {
                openId = id;
            }
        }
        if (closeId == null || openId == null) {
            throw new ConnectorFailure("Redmine lists no closed or no open issue status; cannot sync statuses.");
        }

        String trackerName = p.text("alm_issue_type", "Bug");
        Long trackerId = null;
        for (JsonNode tracker : expectOk(http.get("trackers.json"), "trackers.json").path("trackers")) {
            if (tracker.path("name").asText().equalsIgnoreCase(trackerName)) {
                trackerId = tracker.path("id").asLong();
            }
        }
        if (trackerId == null) {
            throw new ConnectorFailure("Redmine has no tracker \"" + trackerName + "\" (alm_issue_type).");
        }
        log.info("Redmine " + p.server().getHost() + ": project " + project + " (id " + projectId + "), tracker "
                + trackerName + ", done statuses " + doneIds);
        return new Tracker(http, p.server().toString(), projectId, trackerId, doneIds, openId, closeId);
    }

    private record Tracker(AlmHttp http, String server, long projectId, long trackerId, Set<Long> doneIds,
            long openId, long closeId) implements AlmTracker {

        @Override
        public Optional<TrackedIssue> findIssue(String taskId, String storedKey) throws ConnectorFailure {
            if (storedKey != null) {
                Answer answer = http.get("issues/" + storedKey + ".json");
                if (answer.status() == 200) {
                    return Optional.of(issue(answer.body().path("issue")));
                }
                if (answer.status() != 404) {
                    expectOk(answer, "issues/" + storedKey + ".json");
                }
            }
            // "~" is Redmine's contains; the prefix is checked here. Paged by offset until total_count.
            String prefix = taskId + ":";
            List<TrackedIssue> matches = new ArrayList<>();
            int offset = 0;
            while (true) {
                String path = "issues.json?project_id=" + projectId + "&status_id=*&sort=id&limit=100&offset=" + offset
                        + "&subject=" + encode("~" + prefix);
                JsonNode page = expectOk(http.get(path), "issues.json");
                for (JsonNode issue : page.path("issues")) {
                    if (issue.path("subject").asText().startsWith(prefix)) {
                        matches.add(issue(issue));
                    }
                }
                offset += page.path("issues").size();
                if (page.path("issues").isEmpty() || offset >= page.path("total_count").asInt()) {
                    break;
                }
            }
            return matches.stream().findFirst();
        }

        @Override
        public TrackedIssue createIssue(String title, String body) throws ConnectorFailure {
            Answer answer = http.post("issues.json", Map.of("issue", Map.of("project_id", projectId,
                    "tracker_id", trackerId, "subject", title, "description", body)));
            if (answer.status() != 201) {
                throw new ConnectorFailure("Redmine did not create the issue \"" + title + "\" (" + answer.status()
                        + errors(answer.body()) + ").");
            }
            return issue(answer.body().path("issue"));
        }

        @Override
        public TrackedIssue setDone(TrackedIssue issue, boolean done) throws ConnectorFailure {
            Answer answer = http.put("issues/" + issue.key() + ".json",
                    Map.of("issue", Map.of("status_id", done ? closeId : openId)));
            if (answer.status() != 204 && answer.status() != 200) {
                throw new ConnectorFailure("Redmine did not " + (done ? "close" : "reopen") + " issue #" + issue.key()
                        + " (" + answer.status() + errors(answer.body()) + ").");
            }
            return new TrackedIssue(issue.key(), issue.title(), done, Instant.now(), issue.url());
        }

        private TrackedIssue issue(JsonNode issue) {
            String key = issue.path("id").asText();
            String updated = issue.path("updated_on").asText(null);
            return new TrackedIssue(key, issue.path("subject").asText(),
                    doneIds.contains(issue.path("status").path("id").asLong()),
                    updated == null ? Instant.EPOCH : Instant.parse(updated), server + "issues/" + key);
        }

        private static String errors(JsonNode body) {
            JsonNode errors = body.path("errors");
            return errors.isArray() && !errors.isEmpty() ? ": " + errors : "";
        }
    }

    private static JsonNode expectOk(Answer answer, String path) throws ConnectorFailure {
        if (answer.status() / 100 != 2) {
            throw new ConnectorFailure("Redmine answered " + answer.status() + " to GET " + path + ".");
        }
        return answer.body();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
