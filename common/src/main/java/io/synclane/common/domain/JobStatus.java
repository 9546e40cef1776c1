package io.synclane.common.domain;

import java.util.Arrays;
import java.util.Optional;

/**
 * A job's lifecycle: {@code new → scheduled → running → success | failure | error | killed}.
 * {@code pre-run} and {@code post-run} are the extra steps remote agents report on the DCI face.
 */
public enum JobStatus {
    NEW("new"), SCHEDULED("scheduled"), PRE_RUN("pre-run"), RUNNING("running"), POST_RUN("post-run"),
    SUCCESS("success"), FAILURE("failure"), ERROR("error"), KILLED("killed");

    private final String wire;

    JobStatus(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public boolean isTerminal() {
        return this == SUCCESS || this == FAILURE || this == ERROR || this == KILLED;
    }

    public static Optional<JobStatus> parse(String value) {
        return Arrays.stream(values()).filter(s -> s.wire.equals(value)).findFirst();
    }

    public static JobStatus fromWire(String value) {
        return parse(value).orElseThrow(() -> new IllegalArgumentException("unknown job status: " + value));
    }
}
