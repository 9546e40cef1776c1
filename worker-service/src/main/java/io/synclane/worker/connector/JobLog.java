package io.synclane.worker.connector;

/**
 * Where a connector tells the operator what it did. The lines become the job run's stdout/stderr
 * and the job's log file, so nothing secret may be written here.
 */
public interface JobLog {
    void info(String line);

    void warn(String line);
}
