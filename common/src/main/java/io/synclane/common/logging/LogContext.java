package io.synclane.common.logging;

import org.jboss.logging.MDC;

/**
 * The keys every log line may carry (the log format prints them with {@code %X{...}}): the {@code X-Request-Id} of
 * the HTTP request being served, and the job a worker is running. An HTTP edge puts the request id; a job created
 * while serving it keeps the id (column {@code job.request_id}), and a worker puts both while it runs the job, so
 * one grep for the id finds the request and every run of the job it created, on any process.
 *
 * <p>Quarkus keeps the MDC in the Vert.x duplicated context of a request, so the id follows the request from the
 * event loop to the worker thread that serves it.
 */
public final class LogContext {
    public static final String REQUEST_ID = "request_id";
    public static final String JOB_ID = "job_id";

    private LogContext() {
    }

    /** The id of the request being served on this context, or null (a scheduler's tick, a Kafka consumer). */
    public static String requestId() {
        Object id = MDC.get(REQUEST_ID);
        return id == null ? null : id.toString();
    }

    /** Puts the request id, or removes it when null. */
    public static void putRequestId(String requestId) {
        put(REQUEST_ID, requestId);
    }

    /** Names the job (and the request that created it) on this thread's lines until {@link #clearJob()}. */
    public static void putJob(long jobId, String requestId) {
        MDC.put(JOB_ID, String.valueOf(jobId));
        put(REQUEST_ID, requestId);
    }

    public static void clearJob() {
        MDC.remove(JOB_ID);
        MDC.remove(REQUEST_ID);
    }

    private static void put(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }
}
