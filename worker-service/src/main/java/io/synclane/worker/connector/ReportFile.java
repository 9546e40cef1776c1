package io.synclane.worker.connector;

/**
 * A report exactly as a connector read it, for a remote agent to attach to its job. The name is the connector's
 * own, never one taken from params (those may be the agent's local, unshared values).
 */
public record ReportFile(String name, String mime, byte[] content) {
}
