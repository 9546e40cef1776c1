package io.synclane.common.job;

/** What a job run executes: an automation (an ALM sync or an analysis import), or an outgoing notification. */
public enum JobRunType {
    AUTOMATION, NOTIFICATION
}
