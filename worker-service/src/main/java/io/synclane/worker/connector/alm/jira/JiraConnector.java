package io.synclane.worker.connector.alm.jira;

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
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Jira Cloud and Server, REST v2 (the paths both serve): {@code alm_server}, {@code alm_project} (the project
 * key), {@code alm_issue_type} (default Task); Basic auth with {@code alm_user} and {@code alm_api_token} or
 * {@code alm_pass}, or a bearer token when there is no user. Statuses named in {@code alm_done_statuses}
 * (default Resolved,Closed) count as done; closing and reopening go through the workflow's transitions,
 * by name ({@code alm_close_transition}, {@code alm_reopen_transition}) or else the first that leads to a
 * done (or not done) status.
 */
@ApplicationScoped
public class JiraConnector implements AlmConnector {
    /** Jira writes offsets without a colon: 2026-11-24T10:00:00.000+0000. */
    private static final DateTimeFormatter JIRA_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");
    private static final String FIELDS = "summary,status,updated";

    private final AlmConfig config;

    public JiraConnector(AlmConfig config) {
        this.config = config;
    }

    @Override
    public String system() {
        return "jira";
    }

    @Override
    public AlmTracker connect(Map<String, Object> params, JobLog log) throws ConnectorFailure {
        AlmParams p = new AlmParams(system(), params);
        p.requireAll();
        String user = p.text("alm_user", null);
        String secret = p.first("alm_api_token", "alm_pass");
        String authorization = user == null ? "Bearer " + secret
                : "Basic " + Base64.getEncoder().encodeToString((user + ":" + secret).getBytes(StandardCharsets.UTF_8));
        AlmHttp http = new AlmHttp("Jira", p.server(), Map.of("Authorization", authorization),
                p.validateCertificate(), config.timeout(), config.maxRateLimitWait());

        Answer me = http.get("rest/api/2/myself");
        if (me.status() == 401 || me.status() == 403) {
            throw new ConnectorFailure("Jira refused the credentials (" + me.status()
                    + "): check alm_user and alm_api_token or alm_pass.");
        }
        String project = p.text("alm_project", null);
        Answer found = http.get("rest/api/2/project/" + encode(project));
        if (found.status() == 404) {
            throw new ConnectorFailure("Jira has no project with key \"" + project + "\" (alm_project) visible to "
                    + "this user.");
        }
        if (found.status() != 200) {
            throw new ConnectorFailure("Jira answered " + found.status() + " to GET project " + project + ".");
        }
        Set<String> done = p.list("alm_done_statuses", "Resolved,Closed").stream()
                .map(s -> s.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        log.info("Jira " + p.server().getHost() + ": project " + project + ", done statuses " + done);
        return new Tracker(http, p.server().toString(), project, p.text("alm_issue_type", "Task"), done,
                p.text("alm_close_transition", null), p.text("alm_reopen_transition", null));
    }

    private record Tracker(AlmHttp http, String server, String project, String issueType, Set<String> doneStatuses,
            String closeTransition, String reopenTransition) implements AlmTracker {

        @Override
        public Optional<TrackedIssue> findIssue(String taskId, String storedKey) throws ConnectorFailure {
            if (storedKey != null) {
                Answer answer = http.get("rest/api/2/issue/" + encode(storedKey) + "?fields=" + FIELDS);
                if (answer.status() == 200) {
                    return Optional.of(issue(answer.body()));
                }
                if (answer.status() != 404) {
                    throw new ConnectorFailure("Jira answered " + answer.status() + " to GET issue " + storedKey + ".");
                }
            }
            // The text search (~) matches words; the prefix itself is checked here. Pages by startAt.
            String jql = "project = \"" + project + "\" AND summary ~ \"\\\"" + taskId + "\\\"\" ORDER BY created ASC";
            int startAt = 0;
            while (true) {
                Answer page = http.get("rest/api/2/search?jql=" + encode(jql) + "&startAt=" + startAt
                        + "&maxResults=100&fields=" + FIELDS);
                if (page.status() != 200) {
                    throw new ConnectorFailure("Jira answered " + page.status() + " to the issue search of "
                            + project + ".");
                }
                for (JsonNode issue : page.body().path("issues")) {
                    if (issue.path("fields").path("summary").asText().startsWith(taskId + ":")) {
                        return Optional.of(issue(issue));
                    }
                }
                startAt += page.body().path("issues").size();
                if (page.body().path("issues").isEmpty() || startAt >= page.body().path("total").asInt()) {
                    return Optional.empty();
                }
            }
        }

        @Override
        public TrackedIssue createIssue(String title, String body) throws ConnectorFailure {
            Answer answer = http.post("rest/api/2/issue", Map.of("fields", Map.of(
                    "project", Map.of("key", project), "summary", title, "description", body,
                    "issuetype", Map.of("name", issueType))));
            if (answer.status() != 201) {
                throw new ConnectorFailure("Jira did not create the issue \"" + title + "\" (" + answer.status()
                        + errors(answer.body()) + ").");
            }
            String key = answer.body().path("key").asText();
            return new TrackedIssue(key, title, false, Instant.now(), server + "browse/" + key);
        }

        @Override
        public TrackedIssue setDone(TrackedIssue issue, boolean done) throws ConnectorFailure {
            String path = "rest/api/2/issue/" + encode(issue.key()) + "/transitions";
            Answer answer = http.get(path);
            if (answer.status() != 200) {
                throw new ConnectorFailure("Jira answered " + answer.status() + " listing the transitions of "
                        + issue.key() + ".");
            }
            String wanted = done ? closeTransition : reopenTransition;
            JsonNode chosen = null;
            for (JsonNode transition : answer.body().path("transitions")) {
                boolean leadsToDone = doneStatuses.contains(
                        transition.path("to").path("name").asText().toLowerCase(Locale.ROOT));
                boolean match = wanted != null ? wanted.equalsIgnoreCase(transition.path("name").asText())
                        : leadsToDone == done;
                if (match) {
                    chosen = transition;
                    break;
                }
            }
            if (chosen == null) {
                throw new ConnectorFailure("Jira offers no transition to " + (done ? "close" : "reopen") + " "
                        + issue.key() + (wanted != null ? " named \"" + wanted + "\"" : "") + "; set "
                        + (done ? "alm_close_transition" : "alm_reopen_transition") + ".");
            }
            Answer moved = http.post(path, Map.of("transition", Map.of("id", chosen.path("id").asText())));
            if (moved.status() != 204 && moved.status() != 200) {
                throw new ConnectorFailure("Jira refused the transition \"" + chosen.path("name").asText() + "\" of "
                        + issue.key() + " (" + moved.status() + errors(moved.body()) + ").");
            }
            return new TrackedIssue(issue.key(), issue.title(), done, Instant.now(), issue.url());
        }

        private TrackedIssue issue(JsonNode issue) {
            JsonNode fields = issue.path("fields");
            String key = issue.path("key").asText();
            return new TrackedIssue(key, fields.path("summary").asText(),
                    doneStatuses.contains(fields.path("status").path("name").asText().toLowerCase(Locale.ROOT)),
                    time(fields.path("updated").asText(null)), server + "browse/" + key);
        }

        private static String errors(JsonNode body) {
            List<String> messages = new ArrayList<>();
            body.path("errorMessages").forEach(m -> messages.add(m.asText()));
            body.path("errors").fields().forEachRemaining(e -> messages.add(e.getKey() + ": " + e.getValue().asText()));
            return messages.isEmpty() ? "" : ": " + String.join("; ", messages);
        }
    }

    private static Instant time(String value) {
        if (value == null) {
            return Instant.EPOCH;
        }
        try {
            return OffsetDateTime.parse(value, JIRA_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
