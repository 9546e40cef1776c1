package io.synclane.api.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.synclane.api.service.JobEventBroadcaster;
import io.synclane.common.event.JobEvent;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
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

    /** A poll's records at a time: the channel's work per record was most of what reading the topic cost. */
    @Incoming("job-events")
    public void onEvents(List<String> payloads) {
        for (String payload : payloads) {
            try {
                broadcaster.publish(objectMapper.readValue(payload, JobEvent.class));
            } catch (JsonProcessingException e) {
                LOG.warnf("skipping a job event that is not JSON of the expected shape: %s", e.getOriginalMessage());
            }
        }
    }
}
