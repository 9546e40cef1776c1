package io.synclane.api.service;

/**
 * The rules of every text a client gives, whatever face it came through: what PostgreSQL can store (no NUL, no half
 * of a surrogate pair) and how long each kind of field may be. A text over its length or with such a character is
 * refused naming its field, before anything reads or writes the database: PostgreSQL would refuse the NUL with an
 * error, a btree index a name of a few kilobytes, and a lone surrogate would be stored as {@code ?}.
 */
public final class Texts {
    /** Names, aliases, emails and the like: every one of them fits an index entry. */
    public static final int NAME_MAX = 255;
    /** Free text: a project's description, a reported job's result message (which also travels on job-events). */
    public static final int TEXT_MAX = 65_536;
    /** A comment on a job or on a job state. */
    public static final int COMMENT_MAX = 4_096;
    /** An address. */
    public static final int URL_MAX = 2_048;

    private Texts() {
    }

    /** The value when it is storable and at most {@code max} characters long; null stays null. */
    public static String bounded(String field, String value, int max) {
        if (value == null) {
            return null;
        }
        if (value.length() > max && value.codePointCount(0, value.length()) > max) {
            throw InvalidField.tooLong(field, max);
        }
        storable(field, value);
        return value;
    }

    /** Refuses a text PostgreSQL cannot store as it is: one with NUL or half of a surrogate pair. */
    public static void storable(String field, String value) {
        String problem = problem(value);
        if (problem == null) {
            return;
        }
        if (problem.isEmpty()) {
            throw InvalidField.nullCharacter(field);
        }
        throw InvalidField.surrogate(field, problem);
    }

    /**
     * Refuses a text that has no UTF-8 form (half of a surrogate pair) where it becomes bytes, not text: a NUL is a
     * byte like any other there.
     */
    public static void encodable(String field, String value) {
        String problem = problem(value == null ? null : value.replace('\0', ' '));
        if (problem != null) {
            throw InvalidField.surrogate(field, problem);
        }
    }

    public static boolean isStorable(String value) {
        return value == null || problem(value) == null;
    }

    /** Null when storable; "" for a NUL; the lone surrogate's code (U+D800) otherwise. */
    private static String problem(String value) {
        if (value == null) {
            return null;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == 0) {
                return "";
            }
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return String.format("U+%04X", (int) c);
            }
        }
        return null;
    }
}
