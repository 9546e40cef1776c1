package io.synclane.worker.connector.alm.github;

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
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GitHub Issues, REST v3: {@code alm_server} (default https://api.github.com; GitHub Enterprise as
 * {@code https://host/api/v3}), {@code github_repo_owner}, {@code alm_project} (or {@code github_repo}),
 * {@code alm_api_token}. Issues carrying {@code github_duplicate_label} are ignored; pull requests too.
 */
@ApplicationScoped
public class GitHubConnector implements AlmConnector {
    private static final Pattern NEXT = Pattern.compile("<([^>]+)>;\\s*rel=\"next\"");

    private final AlmConfig config;

    public GitHubConnector(AlmConfig config) {
        this.config = config;
    }

    @Override
    public String system() {
        return "github";
    }

    @Override
    public AlmTracker connect(Map<String, Object> params, JobLog log) throws ConnectorFailure {
        AlmParams p = new AlmParams(system(), params);
        p.requireAll();
        AlmHttp http = new AlmHttp("GitHub", p.server(), Map.of(
                "Authorization", "Bearer " + p.text("alm_api_token", ""),
                "Accept", "application/vnd.github+json",
                "X-GitHub-Api-Version", "2022-11-28"), p.validateCertificate(), config.timeout(),
                config.maxRateLimitWait());
        String repo = "repos/" + p.text("github_repo_owner", null) + "/" + p.first("alm_project", "github_repo");
        Answer found = http.get(repo);
        if (found.status() == 401) {
            throw new ConnectorFailure("GitHub refused the token (401): check alm_api_token.");
        }
        if (found.status() == 404 || found.status() == 403) {
            throw new ConnectorFailure("GitHub has no repository " + repo.substring("repos/".length())
                    + " visible to this token (github_repo_owner, alm_project).");
        }
        if (found.status() != 200) {
            throw new ConnectorFailure("GitHub answered " + found.status() + " to GET " + repo + ".");
        }
        if (!found.body().path("has_issues").asBoolean(true)) {
            throw new ConnectorFailure("The repository " + repo.substring("repos/".length()) + " has issues disabled.");
        }
        log.info("GitHub " + p.server().getHost() + ": repository " + repo.substring("repos/".length()));
        return new Tracker(http, repo, p.text("github_duplicate_label", null));
    }

    /** One run's view of a repository; its issues are listed once, on the first lookup. */
    private static final class Tracker implements AlmTracker {
        private final AlmHttp http;
        private final String repo;
        private final String duplicateLabel;
        private Map<String, TrackedIssue> byPrefix;

        Tracker(AlmHttp http, String repo, String duplicateLabel) {
            this.http = http;
            this.repo = repo;
            this.duplicateLabel = duplicateLabel;
        }

        @Override
        public Optional<TrackedIssue> findIssue(String taskId, String storedKey) throws ConnectorFailure {
            if (storedKey != null) {
                Answer answer = http.get(repo + "/issues/" + storedKey);
                if (answer.status() == 200 && !ignored(answer.body())) {
                    return Optional.of(issue(answer.body()));
                }
                if (answer.status() != 404 && answer.status() != 410 && answer.status() != 200) {
                    throw new ConnectorFailure("GitHub answered " + answer.status() + " to GET issue #" + storedKey + ".");
                }
            }
            if (byPrefix == null) {
                byPrefix = listIssues();
            }
            return Optional.ofNullable(byPrefix.get(taskId + ":"));
        }

        /** Every issue of the repository, oldest first, by the task-id prefix of its title; pages followed. */
        private Map<String, TrackedIssue> listIssues() throws ConnectorFailure {
            Map<String, TrackedIssue> issues = new HashMap<>();
            String path = repo + "/issues?state=all&sort=created&direction=asc&per_page=100";
            while (path != null) {
                Answer page = http.get(path);
                if (page.status() != 200) {
                    throw new ConnectorFailure("GitHub answered " + page.status() + " listing the issues of "
                            + repo.substring("repos/".length()) + ".");
                }
                for (JsonNode issue : page.body()) {
                    String title = issue.path("title").asText();
                    int colon = title.indexOf(':');
                    if (colon > 0 && !issue.has("pull_request") && !ignored(issue)) {
                        issues.putIfAbsent(title.substring(0, colon + 1), issue(issue));
                    }
                }
                path = page.headers().firstValue("Link").map(NEXT::matcher).filter(Matcher::find)
                        .map(m -> m.group(1)).orElse(null);
            }
            return issues;
        }

        @Override
        public TrackedIssue createIssue(String title, String body) throws ConnectorFailure {
            Answer answer = http.post(repo + "/issues", Map.of("title", title, "body", body));
            if (answer.status() != 201) {
                throw new ConnectorFailure("GitHub did not create the issue \"" + title + "\" (" + answer.status()
                        + " " + answer.body().path("message").asText("") + ").");
            }
            return issue(answer.body());
        }

        @Override
        public TrackedIssue setDone(TrackedIssue issue, boolean done) throws ConnectorFailure {
            Answer answer = http.patch(repo + "/issues/" + issue.key(), done
                    ? Map.of("state", "closed", "state_reason", "completed")
                    : Map.of("state", "open", "state_reason", "reopened"));
            if (answer.status() != 200) {
                throw new ConnectorFailure("GitHub did not " + (done ? "close" : "reopen") + " issue #" + issue.key()
                        + " (" + answer.status() + ").");
            }
            return issue(answer.body());
        }

        private boolean ignored(JsonNode issue) {
            if (duplicateLabel == null) {
                return false;
            }
            for (JsonNode label : issue.path("labels")) {
                if (duplicateLabel.equalsIgnoreCase(label.path("name").asText())) {
                    return true;
                }
            }
            return false;
        }

        private static TrackedIssue issue(JsonNode issue) {
            String updated = issue.path("updated_at").asText(null);
            return new TrackedIssue(issue.path("number").asText(), issue.path("title").asText(),
                    "closed".equals(issue.path("state").asText()),
                    updated == null ? Instant.EPOCH : Instant.parse(updated), issue.path("html_url").asText(""));
        }
    }
}
