package io.synclane.api.face.sde;

import java.util.List;
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
}
