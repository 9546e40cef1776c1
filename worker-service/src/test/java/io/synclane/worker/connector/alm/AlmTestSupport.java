package io.synclane.worker.connector.alm;

import io.synclane.worker.config.AlmConfig;
import io.synclane.worker.connector.JobLog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** What connector contract tests need around a connector: settings with short waits, and a log to read. */
public final class AlmTestSupport {
    private AlmTestSupport() {
    }

    /** Timeouts of 5 s, rate limits waited out for at most 3 s. */
    public static AlmConfig config() {
        return new AlmConfig() {
            @Override
            public Duration timeout() {
                return Duration.ofSeconds(5);
            }

            @Override
            public Duration maxRateLimitWait() {
                return Duration.ofSeconds(3);
            }

            @Override
            public String publicUrl() {
                return "http://synclane.test";
            }
        };
    }

    public static final class RecordingLog implements JobLog {
        public final List<String> lines = new ArrayList<>();

        @Override
        public void info(String line) {
            lines.add(line);
        }

        @Override
        public void warn(String line) {
            lines.add(line);
        }
    }
}
