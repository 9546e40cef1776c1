package io.synclane.api.face.sde;

import io.synclane.api.service.InvalidField;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The two error shapes of the v2 face: {@code {"detail": "..."}} and {@code {"field": ["message"]}}. */
public final class ApiError {
    private ApiError() {
    }

    public static ErrorDetail detail(String detail) {
        return new ErrorDetail(detail);
    }

    public static Map<String, List<String>> field(String field, String message) {
        return Map.of(field, List.of(message));
    }

    /** A command's field as the face spells it: {@code scheduleMinute} is {@code schedule_minute}. */
    static String fieldName(String commandField) {
        return commandField.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }

    /** Why a field was refused, in Django REST Framework's words, as SD Elements answers. */
    static String wording(InvalidField e) {
        return switch (e.reason()) {
            case REQUIRED -> "This field is required.";
            case BLANK -> "This field may not be blank.";
            case UNKNOWN_REFERENCE -> "Invalid pk \"" + e.values().get(0) + "\" - object does not exist.";
            case OUT_OF_RANGE -> "Ensure this value is between " + e.values().get(0) + " and " + e.values().get(1) + ".";
            case TOO_LONG -> "Ensure this field has no more than " + e.values().get(0) + " characters.";
            case NULL_CHARACTER -> "Null characters are not allowed.";
            case SURROGATE -> "Surrogate characters are not allowed: " + e.values().get(0) + ".";
            case INVALID -> e.explanation();
        };
    }
}
