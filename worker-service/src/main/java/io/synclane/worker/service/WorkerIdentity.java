package io.synclane.worker.service;

import io.synclane.common.job.RunnerProcess;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** This worker process as its claims and job runs record it: its host and pid. */
@ApplicationScoped
public class WorkerIdentity {
    private final RunnerProcess process;

    public WorkerIdentity() {
        this.process = new RunnerProcess(hostName(), ProcessHandle.current().pid());
    }

    public RunnerProcess process() {
        return process;
    }

    /** How a job names this process while it holds the job's claim: {@code host:pid}. */
    public String processId() {
        return process.claimant();
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }
}
