package io.synclane.common.job;

/** The process that runs a job's attempt: its host and operating-system process id. */
public record RunnerProcess(String host, long pid) {
    /** How a job names the process holding its claim. */
    public String claimant() {
        return host + ":" + pid;
    }
}
