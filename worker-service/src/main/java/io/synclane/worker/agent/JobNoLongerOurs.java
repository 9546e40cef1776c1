package io.synclane.worker.agent;

/**
 * 409 from {@code /api/v1}: the job ended (an operator cancelled it) or is no longer this agent's (its lease expired
 * and it was taken over). The run stops at once and the agent posts nothing more for it.
 */
public class JobNoLongerOurs extends DciCallFailed {
    public JobNoLongerOurs(String message) {
        super(409, message, null);
    }
}
