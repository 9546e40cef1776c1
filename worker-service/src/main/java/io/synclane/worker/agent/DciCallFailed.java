package io.synclane.worker.agent;

/**
 * A call to {@code /api/v1} that did not get the answer the agent needed: an error status ({@link #status()}), or no
 * answer at all (status 0: unreachable, timed out, interrupted).
 */
public class DciCallFailed extends RuntimeException {
    private final int status;

    public DciCallFailed(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    public int status() {
        return status;
    }

    /** No answer, or the server's own trouble: the same call may pass a little later. */
    public boolean transientFailure() {
        return status == 0 || status >= 500;
    }
}
