package io.synclane.worker.connector;

/**
 * A connector could not do its work for a reason the user can act on (unreadable report, refused path,
 * wrong credentials). The job ends {@code failure} with this message, so it must name the cause and
 * never contain a secret.
 */
public class ConnectorFailure extends Exception {
    private final boolean retryable;

    public ConnectorFailure(String message) {
        this(message, false, null);
    }

    public ConnectorFailure(String message, Throwable cause) {
        this(message, false, cause);
    }

    public ConnectorFailure(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    /** True for failures that may pass on a later attempt (timeouts, 5xx, connection refused). */
    public boolean retryable() {
        return retryable;
    }
}
