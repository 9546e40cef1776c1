package io.synclane.worker.service;

import io.synclane.worker.connector.JobLog;
import java.time.Instant;

/**
 * Collects what a run printed: info lines as stdout, warnings as stderr, both in the combined log
 * file. Capped, so a chatty connector cannot fill the database.
 */
public class JobLogBuffer implements JobLog {
    static final int MAX_CHARS = 1 << 20;

    private final StringBuilder stdout = new StringBuilder();
    private final StringBuilder stderr = new StringBuilder();
    private final StringBuilder combined = new StringBuilder();

    @Override
    public synchronized void info(String line) {
        append(stdout, line);
        append(combined, Instant.now() + " INFO  " + line);
    }

    @Override
    public synchronized void warn(String line) {
        append(stderr, line);
        append(combined, Instant.now() + " WARN  " + line);
    }

    public synchronized String stdout() {
        return stdout.toString();
    }

    public synchronized String stderr() {
        return stderr.toString();
    }

    public synchronized String combined() {
        return combined.toString();
    }

    private static void append(StringBuilder target, String line) {
        if (target.length() + line.length() + 1 > MAX_CHARS) {
            return;
        }
        target.append(line).append('\n');
    }
}
