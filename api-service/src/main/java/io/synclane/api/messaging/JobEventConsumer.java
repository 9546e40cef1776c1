package io.synclane.api.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.synclane.api.service.JobEventBroadcaster;
import io.synclane.common.event.JobEvent;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/** Feeds {@code job-events} into the operators' streams. Events are only shown, so a bad one is skipped. */
@ApplicationScoped
public class JobEventConsumer {
    private static final Logger LOG = Logger.getLogger(JobEventConsumer.class);

    private final ObjectMapper objectMapper;
    private final JobEventBroadcaster broadcaster;

    public JobEventConsumer(ObjectMapper objectMapper, JobEventBroadcaster broadcaster) {
        this.objectMapper = objectMapper;
        this.broadcaster = broadcaster;
    }

    @Incoming("job-events")
    public void onEvent(String payload) {
        try {
            broadcaster.publish(objectMapper.readValue(payload, JobEvent.class));
        } catch (JsonProcessingException e) {
            LOG.warnf("skipping a job event that is not JSON of the expected shape: %s", e.getOriginalMessage());
        }
    }
}
