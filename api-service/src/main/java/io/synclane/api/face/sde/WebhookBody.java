package io.synclane.api.face.sde;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies.SnakeCaseStrategy;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.synclane.api.service.WebhookService.WebhookInput;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A webhook as clients send it; null fields are left as they are on PATCH, unknown keys (a sent {@code secret}) ignored. */
@JsonNaming(SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
public record WebhookBody(
        @Schema(description = "https URL that receives a signed POST when a job ends") String url,
        @Schema(description = "Ended statuses that notify: success, failure, error, killed (default: all)") List<String> statuses,
        @Schema(description = "Ids of the team's connections whose jobs notify; empty or absent: all") List<Long> connections,
        @Schema(description = "An inactive webhook gets no deliveries (default true)") Boolean active) {
    static WebhookInput input(WebhookBody body) {
        return body == null ? null : new WebhookInput(body.url, body.statuses, body.connections, body.active);
    }

    static WebhookInput changes(WebhookBody body) {
        return body == null ? WebhookInput.empty() : input(body);
    }
}
