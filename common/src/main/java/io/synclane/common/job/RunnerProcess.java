package io.synclane.common.job;

/**
 * The process that runs a job's attempt: its host and operating-system process id, or a remote agent, which is
 * known by its DCI client name ({@code remoteci/7}) and whose pid Synclane never learns.
 */
public record RunnerProcess(String host, Long pid) {
    /** A worker process on a host. */
    public RunnerProcess(String host, long pid) {
        this(host, Long.valueOf(pid));
    }

    public static RunnerProcess agent(long remoteciId) {
        return new RunnerProcess(agentClaimant(remoteciId), null);
    }

    /** How a job names the remote agent holding its claim. */
    public static String agentClaimant(long remoteciId) {
        return "remoteci/" + remoteciId;
    }

    /** How a job names the process holding its claim. */
    public String claimant() {
        return pid == null ? host : host + ":" + pid;
    }
}
