package io.synclane.common.domain;

/** A security task's own status, as SD Elements names it. */
public enum TaskStatus {
    TODO, DONE, NA;

    /** DONE and NA are the statuses a sync treats as closed on the ALM side. */
    public boolean isClosed() {
        return this != TODO;
    }
}
