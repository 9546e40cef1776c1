package io.synclane.common.domain;

import java.util.Locale;

/** What analysis tools concluded about a task: never checked, passed, partly covered, failed. */
public enum VerificationStatus {
    NONE, PASS, PARTIAL, FAIL;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static VerificationStatus fromWire(String value) {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }
}
