package io.synclane.api.service;

import java.util.Collection;
import java.util.Map;

/**
 * The rules of a connector's or connection's params, whatever face they came through: a flat-ish JSON object of
 * settings (a server, a project, credentials, a status mapping), never a document. Bounded in names, values, nesting
 * and size, and storable (PostgreSQL's jsonb refuses {@code \u0000}); every refusal names the field ({@code params})
 * and says which param, never what its value was (it may be a secret).
 */
public final class Params {
    public static final int MAX_ENTRIES = 100;
    public static final int NAME_MAX = 128;
    public static final int VALUE_MAX = 8_192;
    /** The params object itself is one level; {@code task_status_mapping: {"pass": "DONE"}} is two. */
    public static final int MAX_DEPTH = 4;
    /** Characters of all names and text values together. */
    public static final int MAX_SIZE = 65_536;

    private Params() {
    }

    /** The params when they keep every rule; null stays null. */
    public static Map<String, Object> check(String field, Map<String, Object> params) {
        if (params == null) {
            return null;
        }
        int[] size = {0};
        int[] entries = {0};
        checkObject(field, params, 1, null, size, entries);
        return params;
    }

    private static void checkObject(String field, Map<?, ?> object, int depth, String param, int[] size, int[] entries) {
        if (depth > MAX_DEPTH) {
            throw new InvalidField(field, "The param \"" + param + "\" is nested too deeply: at most " + MAX_DEPTH + " levels.");
        }
        for (Map.Entry<?, ?> entry : object.entrySet()) {
            String name = String.valueOf(entry.getKey());
            count(field, entries);
            if (name.length() > NAME_MAX) {
                throw new InvalidField(field, "Ensure every param name has no more than " + NAME_MAX + " characters.");
            }
            if (!Texts.isStorable(name)) {
                throw new InvalidField(field, "Null and surrogate characters are not allowed in param names.");
            }
            size[0] += name.length();
            checkValue(field, entry.getValue(), depth, param == null ? name : param, size, entries);
        }
    }

    private static void checkValue(String field, Object value, int depth, String param, int[] size, int[] entries) {
        if (value instanceof String text) {
            if (text.length() > VALUE_MAX) {
                throw new InvalidField(field, "Ensure the param \"" + param + "\" has no more than " + VALUE_MAX
                        + " characters.");
            }
            if (!Texts.isStorable(text)) {
                throw new InvalidField(field, "Null and surrogate characters are not allowed (param \"" + param + "\").");
            }
            size[0] += text.length();
            if (size[0] > MAX_SIZE) {
                throw new InvalidField(field, "Ensure the params have no more than " + MAX_SIZE + " characters in all.");
            }
        } else if (value instanceof Map<?, ?> object) {
            checkObject(field, object, depth + 1, param, size, entries);
        } else if (value instanceof Collection<?> list) {
            if (depth + 1 > MAX_DEPTH) {
                throw new InvalidField(field, "The param \"" + param + "\" is nested too deeply: at most " + MAX_DEPTH
                        + " levels.");
            }
            for (Object item : list) {
                count(field, entries);
                checkValue(field, item, depth + 1, param, size, entries);
            }
        } else if (value != null && !(value instanceof Number) && !(value instanceof Boolean)) {
            throw new InvalidField(field, "The param \"" + param + "\" is not a JSON value.");
        }
    }

    private static void count(String field, int[] entries) {
        if (++entries[0] > MAX_ENTRIES) {
            throw new InvalidField(field, "Ensure there are no more than " + MAX_ENTRIES + " params and list items in all.");
        }
    }
}
