package io.synclane.api.service;

import java.util.List;

/**
 * A field of a command is missing or wrong. It names the command's field (as the record component is
 * called, e.g. {@code scheduleMinute}) and why; each face renders both in its own words and spelling.
 */
public class InvalidField extends RuntimeException {
    /** Why the field was refused; {@link #INVALID} carries its explanation as the message. */
    public enum Reason { REQUIRED, BLANK, UNKNOWN_REFERENCE, OUT_OF_RANGE, TOO_LONG, NULL_CHARACTER, SURROGATE, INVALID }

    private final String field;
    private final Reason reason;
    private final List<Object> values;

    private InvalidField(String field, Reason reason, String message, List<Object> values) {
        super(field + ": " + message);
        this.field = field;
        this.reason = reason;
        this.values = values;
    }

    /** Wrong for the reason the explanation gives. */
    public InvalidField(String field, String explanation) {
        this(field, Reason.INVALID, explanation, List.of());
    }

    public static InvalidField required(String field) {
        return new InvalidField(field, Reason.REQUIRED, "required", List.of());
    }

    public static InvalidField blank(String field) {
        return new InvalidField(field, Reason.BLANK, "blank", List.of());
    }

    /** The field names a record (by its id) that does not exist for the caller. */
    public static InvalidField unknownReference(String field, Object id) {
        return new InvalidField(field, Reason.UNKNOWN_REFERENCE, "no such record " + id, List.of(id));
    }

    public static InvalidField outOfRange(String field, long min, long max) {
        return new InvalidField(field, Reason.OUT_OF_RANGE, "not between " + min + " and " + max, List.of(min, max));
    }

    /** A text longer than the field takes ({@code max} characters). */
    public static InvalidField tooLong(String field, int max) {
        return new InvalidField(field, Reason.TOO_LONG, "must be at most " + max + " characters", List.of(max));
    }

    /** A text holding NUL, which PostgreSQL cannot store in text. */
    public static InvalidField nullCharacter(String field) {
        return new InvalidField(field, Reason.NULL_CHARACTER, "must not contain NUL characters", List.of());
    }

    /** A text holding half a surrogate pair, which no UTF-8 can hold; {@code code} is the lone half, e.g. U+D800. */
    public static InvalidField surrogate(String field, String code) {
        return new InvalidField(field, Reason.SURROGATE, "must not contain surrogate characters (" + code + ")",
                List.of(code));
    }

    public String field() {
        return field;
    }

    public Reason reason() {
        return reason;
    }

    /** The explanation of an {@link Reason#INVALID} field. */
    public String explanation() {
        return getMessage().substring(field.length() + 2);
    }

    /** What the reason is about: the unknown id, the range's bounds, the maximum length, the lone surrogate. */
    public List<Object> values() {
        return values;
    }
}
