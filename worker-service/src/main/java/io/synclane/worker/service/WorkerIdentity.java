package io.synclane.worker.service;

import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** This worker process as job runs record it: {@code host:pid}. */
@ApplicationScoped
public class WorkerIdentity {
    private final String processId;

    public WorkerIdentity() {
        this.processId = hostName() + ":" + ProcessHandle.current().pid();
    }

    public String processId() {
        return processId;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }
}
