package io.synclane.api.face.dci;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * The DCI face's answers, field for field in seed 004's order. Ids are strings of the integer, as real DCI clients
 * expect; times are UTC to the microsecond without an offset, as the seed writes them.
 */
public final class DciViews {
    private DciViews() {
    }

    public record Meta(long count) {
    }

    /** A job; {@code team}, {@code remoteci} and {@code jobdefinition} only when embedded. */
    public record JobView(String id, String etag, String status, String comment, boolean recheck,
            @JsonProperty("created_at") String createdAt, @JsonProperty("updated_at") String updatedAt,
            @JsonProperty("remoteci_id") String remoteciId, @JsonProperty("jobdefinition_id") String jobdefinitionId,
            @JsonProperty("team_id") String teamId,
            @JsonInclude(JsonInclude.Include.NON_NULL) TeamView team,
            @JsonInclude(JsonInclude.Include.NON_NULL) RemoteciView remoteci,
            @JsonInclude(JsonInclude.Include.NON_NULL) JobDefinitionView jobdefinition) {
    }

    /**
     * The connection a job syncs, as DCI calls it. {@code params} only for the agent the job was just handed to:
     * its run needs them; nobody else gets a connection's secrets here.
     */
    public record JobDefinitionView(String id, String name, String kind, String system, String command,
            @JsonProperty("project_id") String projectId,
            @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Object> params) {
    }

    public record TeamView(String id, String name) {
    }

    /** A remote agent; its {@code api_secret} only in the answer that created or rotated it. */
    public record RemoteciView(String id, String name, @JsonProperty("team_id") String teamId, String state,
            String etag, @JsonProperty("created_at") String createdAt, @JsonProperty("updated_at") String updatedAt,
            @JsonProperty("last_seen_at") String lastSeenAt,
            @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("api_secret") String apiSecret) {
    }

    public record JobStateView(String id, String status, String comment, @JsonProperty("created_at") String createdAt,
            @JsonProperty("team_id") String teamId, @JsonProperty("job_id") String jobId) {
    }

    /** A file; its {@code content} inline (as the seed shows) when it is small text, else null. */
    public record FileView(String content, @JsonProperty("created_at") String createdAt, String id,
            @JsonProperty("jobstate_id") String jobstateId, String md5, String mime, String name,
            @JsonProperty("team_id") String teamId, @JsonProperty("job_id") String jobId, long size) {
    }

    /** One JUnit file's counts, typed as seed 004 types them: counts as strings, {@code success} a number. */
    public record ResultView(String errors, String failures, String name, String skips, int success, String time,
            String total) {
    }

    public record IdentityView(String id, String name, String type, @JsonProperty("team_id") String teamId,
            @JsonInclude(JsonInclude.Include.NON_NULL) String email) {
    }

    /** A task of the job's project, for the agent running the job. */
    public record TaskView(String id, @JsonProperty("task_id") String taskId, String title, String text, String phase,
            int priority, String status, @JsonProperty("verification_status") String verificationStatus,
            List<Integer> cwes, List<String> tags, @JsonProperty("updated_at") String updatedAt,
            @JsonProperty("alm_issue") IssueView almIssue) {
    }

    public record IssueView(String key, String url, @JsonProperty("synced_done") boolean syncedDone) {
    }

    public record JobEnvelope(JobView job) {
    }

    public record JobList(@JsonProperty("_meta") Meta meta, List<JobView> jobs) {
    }

    public record JobStateEnvelope(JobStateView jobstate) {
    }

    public record JobStateList(@JsonProperty("_meta") Meta meta, List<JobStateView> jobstates) {
    }

    public record FileEnvelope(FileView file) {
    }

    public record FileList(@JsonProperty("_meta") Meta meta, List<FileView> files) {
    }

    public record ResultList(@JsonProperty("_meta") Meta meta, Map<String, ResultView> results) {
    }

    public record RemoteciEnvelope(RemoteciView remoteci) {
    }

    public record RemoteciList(@JsonProperty("_meta") Meta meta, List<RemoteciView> remotecis) {
    }

    public record IdentityEnvelope(IdentityView identity) {
    }

    public record TaskList(@JsonProperty("_meta") Meta meta, List<TaskView> tasks) {
    }
}
