package io.synclane.api.face.sde;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A connectivity test's verdict: {@code {"success": true}}, or false with the {@code detail} of what failed. */
public record TestResultView(boolean success, @JsonInclude(JsonInclude.Include.NON_NULL) String detail) {
}
