package io.synclane.api.face.rpm;

import java.util.Locale;
import java.util.Optional;

/**
 * The two formats of the RPM face. As seed 003 says: a {@code .json} or {@code .xml} suffix on the last path
 * element, else the {@code Accept} header (also a {@code format} query parameter, as Rails reads it); JSON when
 * none of them chooses.
 */
enum RpmFormat {
    JSON("application/json;charset=utf-8"), XML("application/xml;charset=utf-8");

    private final String contentType;

    RpmFormat(String contentType) {
        this.contentType = contentType;
    }

    String contentType() {
        return contentType;
    }

    /** The format a request asks for; empty when it asks only for what this face cannot write (406). */
    static Optional<RpmFormat> requested(String suffix, String formatParameter, String accept) {
        if (suffix != null && !suffix.isEmpty()) {
            return named(suffix.startsWith(".") ? suffix.substring(1) : suffix);
        }
        if (formatParameter != null) {
            return named(formatParameter);
        }
        return accepted(accept);
    }

    /** The suffix of a path's last element, with its dot ({@code ".xml"}), or null. */
    static String suffixOf(String path) {
        int slash = path.lastIndexOf('/');
        int dot = path.lastIndexOf('.');
        return dot > slash ? path.substring(dot) : null;
    }

    /**
     * The format of an error: the one the request asked for, else JSON, since an error is answered even to a
     * request that chose nothing this face writes. Read from the whole path, as a refusal comes before routing.
     */
    static RpmFormat forError(String path, String formatParameter, String accept) {
        return requested(suffixOf(path), formatParameter, accept).orElse(JSON);
    }

    private static Optional<RpmFormat> named(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "json" -> Optional.of(JSON);
            case "xml" -> Optional.of(XML);
            default -> Optional.empty();
        };
    }

    /** The acceptable format of highest quality; JSON for no header, {@code * / *} or a tie. */
    private static Optional<RpmFormat> accepted(String accept) {
        if (accept == null || accept.isBlank()) {
            return Optional.of(JSON);
        }
        RpmFormat best = null;
        double bestQuality = 0;
        for (String range : accept.split(",")) {
            String[] parts = range.trim().split(";");
            String type = parts[0].trim().toLowerCase(Locale.ROOT);
            double quality = quality(parts);
            RpmFormat format = switch (type) {
                case "application/json", "text/json", "application/*", "*/*" -> JSON;
                case "application/xml", "text/xml" -> XML;
                default -> null;
            };
            if (format != null && quality > bestQuality) {
                best = format;
                bestQuality = quality;
            }
        }
        return Optional.ofNullable(best);
    }

    private static double quality(String[] parameters) {
        for (int i = 1; i < parameters.length; i++) {
            String parameter = parameters[i].trim();
            if (parameter.startsWith("q=")) {
                try {
                    return Double.parseDouble(parameter.substring(2));
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 1;
    }
}
