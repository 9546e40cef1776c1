package io.synclane.api.face.dci;

import jakarta.ws.rs.core.HttpHeaders;

/**
 * The version a change names: {@code If-Match} as python-dciclient sends it, or the {@code ETag} request header
 * seed 004's examples show; quoted, weak ({@code W/"..."}) and bare forms alike. Null when none is given.
 */
final class DciEtags {
    private DciEtags() {
    }

    static String ifMatch(HttpHeaders headers) {
        String value = headers.getHeaderString(HttpHeaders.IF_MATCH);
        if (value == null || value.isBlank()) {
            value = headers.getHeaderString(HttpHeaders.ETAG);
        }
        if (value == null || value.isBlank()) {
            return null;
        }
        String tag = value.strip();
        if (tag.startsWith("W/")) {
            tag = tag.substring(2);
        }
        if (tag.length() >= 2 && tag.startsWith("\"") && tag.endsWith("\"")) {
            tag = tag.substring(1, tag.length() - 1);
        }
        return tag;
    }
}
