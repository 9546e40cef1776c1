package io.synclane.api.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A JSON body that could not be read, in words a client can act on: the field at fault when there is one (a value
 * of the wrong type, a number out of range or too long), and never a Java type, class or method name (Jackson's own
 * messages name {@code java.lang.Long}, the face's records, {@code StreamReadConstraints}).
 */
public final class JsonErrors {
    /** Why a body was refused: the field (a JSON path, {@code system.id}, {@code permissions.0}) or null, and why. */
    public record Refusal(String field, String message) {
    }

    private JsonErrors() {
    }

    public static Refusal of(JsonProcessingException e) {
        Throwable cause = e;
        while (cause instanceof JsonMappingException mapping && mapping.getCause() instanceof JsonProcessingException inner
                && !(mapping instanceof MismatchedInputException)) {
            cause = inner;
        }
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = mapping.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : String.valueOf(ref.getIndex()))
                    .collect(Collectors.joining("."));
            return new Refusal(field, wording(cause instanceof JsonProcessingException inner ? inner : e));
        }
        JsonProcessingException problem = (JsonProcessingException) cause;
        if (problem instanceof InputCoercionException || isNumberTooLong(problem)) {
            String field = currentField(problem);
            if (field != null) {
                return new Refusal(field, wording(problem));
            }
        }
        if (problem.getOriginalMessage() != null && problem.getOriginalMessage().startsWith("Trailing token")) {
            return new Refusal(null, "Extra data after the JSON value.");
        }
        if (problem instanceof MismatchedInputException mismatch) {
            return new Refusal(null, "Invalid data. Expected " + expected(mismatch.getTargetType()) + ".");
        }
        return new Refusal(null, clean(problem.getOriginalMessage()));
    }

    /** Why a value was refused, as Django REST Framework words it for the type the field wants. */
    private static String wording(JsonProcessingException e) {
        if (e instanceof InputCoercionException || isNumberTooLong(e)) {
            return "A valid integer is required.";
        }
        if (e instanceof MismatchedInputException mismatch) {
            Class<?> type = mismatch.getTargetType();
            if (type == null) {
                return "Invalid value.";
            }
            if (Number.class.isAssignableFrom(type) || type == long.class || type == int.class || type == short.class) {
                return "A valid integer is required.";
            }
            if (type == Boolean.class || type == boolean.class) {
                return "Must be a valid boolean.";
            }
            if (type == String.class) {
                return "Not a valid string.";
            }
            return "Invalid data. Expected " + expected(type) + ".";
        }
        return "Invalid value: " + clean(e.getOriginalMessage());
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "another value";
        }
        if (Map.class.isAssignableFrom(type)) {
            return "a dictionary of items";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list of items";
        }
        if (type == String.class) {
            return "a string";
        }
        return "a dictionary";
    }

    private static boolean isNumberTooLong(JsonProcessingException e) {
        return e instanceof StreamConstraintsException && e.getOriginalMessage() != null
                && e.getOriginalMessage().startsWith("Number value length");
    }

    /** The path of the value the parser was reading when it failed, or null at the top of the document. */
    private static String currentField(JsonProcessingException e) {
        if (!(e.getProcessor() instanceof JsonParser parser)) {
            return null;
        }
        Deque<String> parts = new ArrayDeque<>();
        for (JsonStreamContext context = parser.getParsingContext(); context != null && !context.inRoot();
                context = context.getParent()) {
            if (context.inObject() && context.getCurrentName() != null) {
                parts.addFirst(context.getCurrentName());
            } else if (context.inArray()) {
                parts.addFirst(String.valueOf(Math.max(0, context.getCurrentIndex())));
            }
        }
        return parts.isEmpty() ? null : String.join(".", parts);
    }

    /** Jackson's message without what names the code: {@code `java.lang.Long`}, {@code from `StreamReadConstraints...`}. */
    static String clean(String message) {
        if (message == null || message.isBlank()) {
            return "The body is not valid JSON.";
        }
        String cleaned = message
                .replaceAll(",?\\s*from `[^`]*`", "")
                .replaceAll("`[^`]*`", "value")
                .replaceAll("\\(for [A-Za-z]+ starting at \\[[^]]*\\]\\)", "")
                .replaceAll("[a-z][a-z0-9_]*(\\.[a-z0-9_]+)+\\.[A-Z][A-Za-z0-9_$]*", "value");
        int newline = cleaned.indexOf('\n');
        if (newline >= 0) {
            cleaned = cleaned.substring(0, newline);
        }
        return cleaned.strip();
    }
}
