package io.synclane.api.service;

/** A request field is missing or wrong; answered 400 {@code {"field": ["message"]}}. */
public class InvalidField extends RuntimeException {
    private final String field;

    public InvalidField(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }

    public static InvalidField required(String field) {
        return new InvalidField(field, "This field is required.");
    }
}
