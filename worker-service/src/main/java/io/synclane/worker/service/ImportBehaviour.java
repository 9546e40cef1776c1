package io.synclane.worker.service;

import java.util.Locale;

/** {@code import_behaviour}: whether a report's verdict replaces a task's status or is combined with it. */
public enum ImportBehaviour {
    REPLACE, COMBINE;

    /** Null means the default, {@code replace}. */
    public static ImportBehaviour parse(Object param) {
        if (param == null) {
            return REPLACE;
        }
        try {
            return valueOf(param.toString().trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "import_behaviour must be \"replace\" or \"combine\", not \"" + param + "\"");
        }
    }
}
