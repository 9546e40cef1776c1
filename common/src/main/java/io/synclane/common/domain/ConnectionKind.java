package io.synclane.common.domain;

import java.util.Locale;

/** The two sides of Synclane: ALM syncs and analysis imports. Used in URLs as {@code alm} / {@code analysis}. */
public enum ConnectionKind {
    ALM("sync_"), ANALYSIS("import_");

    private final String commandPrefix;

    ConnectionKind(String commandPrefix) {
        this.commandPrefix = commandPrefix;
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The seeds derive a connection's command from its system: {@code sync_github}, {@code import_sarif}. */
    public String command(String systemId) {
        return commandPrefix + systemId;
    }

    public static ConnectionKind fromWire(String value) {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }
}
