package io.synclane.api.face.sde;

/** The face's error of a whole request, {@code {"detail": "..."}}; field errors are {@code {"field": ["..."]}}. */
public record ErrorDetail(String detail) {
}
