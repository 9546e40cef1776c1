package io.synclane.common.job;

import java.util.Locale;

/**
 * What a job run executes: an automation (the job's own attempt: an ALM sync or an analysis import), or an outgoing
 * notification about the job (a webhook delivery attempt). Only automation runs are the job's: leases, takeovers,
 * agents' reports and the job's status read those alone.
 */
public enum JobRunType {
    AUTOMATION, NOTIFICATION;

    /** As {@code job_run.job_type} stores it and seed 003 writes it. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static JobRunType fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
