package io.synclane.api.security;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code Authorization: Token <key>} header (also the quoted {@code Token "<key>"} the SD Elements pages show):
 * one grammar for every face that takes an API token in it (/api/v2 and the dashboard's JSON).
 */
public final class TokenHeader {
    private static final Pattern TOKEN = Pattern.compile("^Token\\s+\"?([A-Za-z0-9_\\-.]+)\"?\\s*$");

    private TokenHeader() {
    }

    /** The key of a {@code Token} header, or empty when the header is not one. */
    public static Optional<String> key(String header) {
        if (header == null) {
            return Optional.empty();
        }
        Matcher matcher = TOKEN.matcher(header.trim());
        return matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
    }
}
