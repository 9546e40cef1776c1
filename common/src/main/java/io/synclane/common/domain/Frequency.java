package io.synclane.common.domain;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** How often a connection syncs by itself. */
public enum Frequency {
    MANUALLY, HOURLY, DAILY, WEEKLY, MONTHLY;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Frequency> parse(String value) {
        return Arrays.stream(values()).filter(f -> f.wire().equals(value)).findFirst();
    }
}
