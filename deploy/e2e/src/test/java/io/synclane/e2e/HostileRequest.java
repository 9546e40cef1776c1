package io.synclane.e2e;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One generated request and what its answer must be.
 *
 * @param index its place in the generated sequence (sent as {@code X-Request-Id: hostile-<index>})
 * @param face {@code /api/v2}, {@code /api/v1} or {@code /v1}
 * @param route the route it aims at, as the catalogue names it (e.g. {@code PATCH /api/v2/projects/{id}/})
 * @param defect what is wrong with it, in a few words
 * @param expect {@link Expect#REFUSE}: must be refused (4xx); {@link Expect#ANY}: may also be answered 2xx, and
 *        then writes no row (a read, a connectivity test, a change of an existing record)
 * @param field the field the refusal must name, or null
 * @param chunked sent without a Content-Length (chunked), so the server cannot judge its size up front
 */
record HostileRequest(int index, String face, String route, String defect, String method, String path,
        Map<String, String> headers, byte[] body, boolean chunked, Expect expect, String field) {

    enum Expect { REFUSE, ANY }

    HostileRequest {
        headers = new LinkedHashMap<>(headers);
    }

    HostileRequest withBody(byte[] newBody) {
        return new HostileRequest(index, face, route, defect, method, path, headers, newBody, chunked, expect, field);
    }

    /** The request as a person reads it: method, path, the headers that matter and the body, truncated. */
    String describe(int maxBody) {
        StringBuilder text = new StringBuilder();
        text.append(method).append(' ').append(truncate(path, 300));
        headers.forEach((name, value) -> text.append("\n  ").append(name).append(": ").append(truncate(value, 120)));
        if (body != null && body.length > 0) {
            text.append("\n  body (").append(body.length).append(" bytes").append(chunked ? ", chunked" : "")
                    .append("): ").append(printable(body, maxBody));
        }
        return text.toString();
    }

    private static String truncate(String value, int max) {
        return value.length() <= max ? value : value.substring(0, max) + "... (" + value.length() + " chars)";
    }

    /** The first bytes of a body with control characters, NUL and invalid UTF-8 made visible. */
    static String printable(byte[] body, int max) {
        String text = new String(body, 0, Math.min(body.length, max), StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder();
        text.codePoints().forEach(c -> {
            if (c < 0x20 || c == 0x7f || (c >= 0xd800 && c <= 0xdfff) || c == 0xfffd) {
                out.append(String.format("\\x{%x}", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out + (body.length > max ? "..." : "");
    }
}
