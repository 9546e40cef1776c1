package io.synclane.api.service;

/** A change guarded by a version (an ETag) named none, or another than the record's current one. */
public class VersionMismatch extends RuntimeException {
    private final boolean missing;

    private VersionMismatch(boolean missing, String message) {
        super(message);
        this.missing = missing;
    }

    public static VersionMismatch missing() {
        return new VersionMismatch(true, "This change needs the record's current ETag (If-Match header).");
    }

    public static VersionMismatch stale() {
        return new VersionMismatch(false, "The record has changed since its ETag was read; read it again.");
    }

    /** True when no version was given at all, false when the one given is not the current one. */
    public boolean isMissing() {
        return missing;
    }
}
