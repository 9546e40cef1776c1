package io.synclane.api.face.dci;

import io.synclane.api.service.InvalidField;
import java.util.Map;

/** The face's names for the services' command fields, and its words for why one was refused. */
final class DciFieldNames {
    private static final Map<String, String> NAMES = Map.of("connectionId", "jobdefinition_id",
            "remoteciId", "remoteci_id", "jobStateId", "jobstate_id", "jobId", "job_id", "teamId", "team_id");

    private DciFieldNames() {
    }

    static String of(String field) {
        String named = NAMES.get(field);
        return named != null ? named : field.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }

    static String reason(InvalidField e) {
        return switch (e.reason()) {
            case REQUIRED -> "is required";
            case BLANK -> "must not be blank";
            case UNKNOWN_REFERENCE -> "names no record of your team (" + e.values().get(0) + ")";
            case OUT_OF_RANGE -> "must be between " + e.values().get(0) + " and " + e.values().get(1);
            case TOO_LONG -> "must be at most " + e.values().get(0) + " characters";
            case NULL_CHARACTER -> "must not contain NUL characters";
            case SURROGATE -> "must not contain surrogate characters (" + e.values().get(0) + ")";
            case INVALID -> e.explanation();
        };
    }
}
