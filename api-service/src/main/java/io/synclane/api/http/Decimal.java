package io.synclane.api.http;

import java.util.regex.Pattern;

/**
 * Integers as clients write them in paths, queries and headers: ASCII digits, optionally a minus. Java's own
 * {@code Long.parseLong} also reads {@code +1} and other scripts' digits ({@code /projects/１/} was project 1, and a
 * DELETE of it deleted it); no face takes those.
 */
public final class Decimal {
    private static final Pattern INTEGER = Pattern.compile("-?[0-9]{1,19}");

    private Decimal() {
    }

    /** The value, or null when the text is not an integer of ASCII digits or does not fit a long. */
    public static Long parseLong(String text) {
        if (text == null || !INTEGER.matcher(text).matches()) {
            return null;
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return null; // 19 digits over Long.MAX_VALUE
        }
    }

    /** The value, or null when the text is not an integer of ASCII digits or does not fit an int. */
    public static Integer parseInt(String text) {
        Long value = parseLong(text);
        return value == null || value < Integer.MIN_VALUE || value > Integer.MAX_VALUE ? null : value.intValue();
    }
}
