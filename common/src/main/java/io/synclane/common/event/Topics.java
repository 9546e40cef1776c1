package io.synclane.common.event;

/** Kafka topic names; the deploy scripts create them with these partition counts. */
public final class Topics {
    /** Keyed by connection id, 6 partitions: one connection's jobs stay in order. */
    public static final String JOB_REQUESTS = "job-requests";
    public static final String JOB_EVENTS = "job-events";
    public static final String JOB_REQUESTS_DLQ = "job-requests-dlq";

    private Topics() {
    }
}
