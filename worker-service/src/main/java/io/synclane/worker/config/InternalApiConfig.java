package io.synclane.worker.config;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

@ConfigMapping(prefix = "synclane.internal")
public interface InternalApiConfig {
    /**
     * The secret api-service presents to this worker's internal endpoint ({@code SYNCLANE_INTERNAL_TOKEN});
     * without it the endpoint refuses every call.
     */
    Optional<String> token();
}
