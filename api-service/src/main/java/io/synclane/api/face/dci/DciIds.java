package io.synclane.api.face.dci;

import io.synclane.api.service.NotFound;
import io.synclane.common.domain.JobStatus;
import io.synclane.common.domain.TaskStatus;
import io.synclane.common.domain.VerificationStatus;
import java.util.Arrays;
import java.util.regex.Pattern;

/** The face's readings of ids and words from paths, headers and bodies. */
final class DciIds {
    private static final Pattern ID = Pattern.compile("[1-9][0-9]{0,17}");

    private DciIds() {
    }

    /** An id in a path: anything but a positive integer names no record. */
    static long path(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new NotFound();
        }
        return Long.parseLong(id);
    }

    /** An id in a header; null when the header is absent. */
    static Long header(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (!ID.matcher(value.strip()).matches()) {
            throw new DciRefusal(400, name, "must be an integer id");
        }
        return Long.parseLong(value.strip());
    }

    static JobStatus status(String word) {
        return DciMapper.status(word).orElseThrow(() -> new DciRefusal(400, "status",
                "must be one of new, pre-run, running, post-run, success, failure, killed, error"));
    }

    static TaskStatus taskStatus(DciBody body, String word) {
        return Arrays.stream(TaskStatus.values()).filter(s -> s.name().equals(word)).findFirst()
                .orElseThrow(() -> body.refused("status", "must be one of TODO, DONE, NA"));
    }

    static VerificationStatus verification(DciBody body, String word) {
        return Arrays.stream(VerificationStatus.values()).filter(s -> s.wire().equals(word)).findFirst()
                .orElseThrow(() -> body.refused("verification_status", "must be one of none, pass, partial, fail"));
    }
}
