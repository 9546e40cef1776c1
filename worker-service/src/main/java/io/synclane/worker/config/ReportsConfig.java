package io.synclane.worker.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;

/** Where analysis reports may be read from. */
@ConfigMapping(prefix = "synclane.reports")
public interface ReportsConfig {
    /** The only folder {@code params.report_path} may point into. */
    Path dir();

    /** Largest report accepted, from a file or a URL. */
    @WithDefault("52428800")
    long maxBytes();

    /** Connect and read timeout of {@code params.report_url}. */
    @WithDefault("30s")
    Duration fetchTimeout();
}
