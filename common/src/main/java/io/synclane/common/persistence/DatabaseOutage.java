package io.synclane.common.persistence;

import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Tells a database outage from other failures, and waits one out. A restart of PostgreSQL must delay work,
 * never fail it: a worker's claim is retried rather than dead-lettered, a run that lost the database is retried
 * like a timeout, and a run's end is written once the database is back; a face answers 503, not 500.
 */
public final class DatabaseOutage {
    private static final Logger LOG = Logger.getLogger(DatabaseOutage.class);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    /** What a face answers (503, with {@link #RETRY_AFTER_SECONDS}) to a request the outage refused whole. */
    public static final String ANSWER = "The database is unavailable for a moment; nothing was changed. Try again shortly.";
    public static final String RETRY_AFTER_SECONDS = "5";

    private DatabaseOutage() {
    }

    /**
     * Connection failures (SQLState class 08), a server shutting down or restarting (57P01 admin shutdown,
     * 57P02 crash shutdown, 57P03 cannot connect now), a server that takes no writes for a while (25006
     * read-only transaction: a failover's standby, an operator's pause) and one short of resources (class 53:
     * disk full, out of memory, too many connections). A failed commit arrives as Narayana's
     * {@code RollbackException} with the driver's error only among its suppressed exceptions, so those are
     * searched too (PostgresRestartIT lost four jobs that way).
     */
    public static boolean isCause(Throwable e) {
        if (e == null) {
            return false;
        }
        if (e instanceof java.sql.SQLTransientConnectionException
                || e instanceof java.net.ConnectException
                || (e instanceof java.sql.SQLException sql && sql.getSQLState() != null
                        && isOutageState(sql.getSQLState()))) {
            return true;
        }
        for (Throwable suppressed : e.getSuppressed()) {
            if (isCause(suppressed)) {
                return true;
            }
        }
        return e.getCause() != e && isCause(e.getCause());
    }

    private static boolean isOutageState(String state) {
        return state.startsWith("08") || state.startsWith("57P0") || state.equals("25006") || state.startsWith("53");
    }

    /** Something that talks to the database and may wait. */
    @FunctionalInterface
    public interface Attempt<T> {
        T run() throws InterruptedException;
    }

    /** Runs the action, again and again with growing pauses while the database is unavailable. */
    public static <T> T retryWhileDown(String what, Attempt<T> action) throws InterruptedException {
        Duration backoff = FIRST_BACKOFF;
        while (true) {
            try {
                return action.run();
            } catch (RuntimeException e) {
                if (!isCause(e)) {
                    throw e;
                }
                LOG.warnf("database unavailable while %s, retrying in %s", what, backoff);
                Thread.sleep(backoff.toMillis());
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
    }
}
