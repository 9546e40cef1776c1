package io.synclane.api.face.rpm;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * A job run as seed 003 shows it, fields in its order: the run itself, then its {@code step} (the job) with the
 * step's {@code request} (the project). Nulls are written, as the seed writes {@code "stderr": null}.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({"automation_id", "created_at", "finished_at", "id", "job_type", "process_id", "results_path",
        "run_key", "started_at", "status", "stderr", "stdout", "updated_at", "step"})
record JobRunView(
        @JsonProperty("automation_id") long automationId,
        @JsonProperty("created_at") String createdAt,
        @JsonProperty("finished_at") String finishedAt,
        long id,
        @JsonProperty("job_type") String jobType,
        @JsonProperty("process_id") Long processId,
        @JsonProperty("results_path") String resultsPath,
        @JsonProperty("run_key") long runKey,
        @JsonProperty("started_at") String startedAt,
        String status,
        String stderr,
        String stdout,
        @JsonProperty("updated_at") String updatedAt,
        StepView step) {

    @JsonPropertyOrder({"aasm_state", "id", "name", "request"})
    record StepView(@JsonProperty("aasm_state") String aasmState, long id, String name, RequestView request) {
    }

    @JsonPropertyOrder({"aasm_state", "id", "name"})
    record RequestView(@JsonProperty("aasm_state") String aasmState, long id, String name) {
    }
}
