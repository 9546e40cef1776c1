package io.synclane.worker.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.synclane.common.domain.JobStatus;
import io.synclane.common.event.JobEvent;
import io.synclane.common.persistence.DatabaseOutage;
import io.synclane.worker.notification.NotificationStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Turns the job ends on {@code job-events} into webhook deliveries, in the workers' own consumer group
 * {@code synclane-notifications} (each end is read by one replica), a poll's batch at a time: one statement for the
 * batch, after the job's end was committed, so nothing is added to the job's own transaction. The statement makes
 * each (webhook, job) delivery once, so an event read again (at-least-once) makes nothing more.
 */
@ApplicationScoped
public class JobEndConsumer {
    private static final Logger LOG = Logger.getLogger(JobEndConsumer.class);

    private final ObjectMapper objectMapper;
    private final NotificationStore deliveries;

    public JobEndConsumer(ObjectMapper objectMapper, NotificationStore deliveries) {
        this.objectMapper = objectMapper;
        this.deliveries = deliveries;
    }

    @Incoming("job-ends")
    @Blocking
    public void onEvents(List<String> payloads) throws InterruptedException {
        Set<Long> ended = new LinkedHashSet<>();
        for (String payload : payloads) {
            try {
                JobEvent event = objectMapper.readValue(payload, JobEvent.class);
                if (JobStatus.parse(event.status()).map(JobStatus::isTerminal).orElse(false)) {
                    ended.add(event.jobId());
                }
            } catch (JsonProcessingException e) {
                LOG.warnf("skipping a job event that is not JSON of the expected shape: %s", e.getOriginalMessage());
            }
        }
        if (ended.isEmpty()) {
            return;
        }
        try {
            DatabaseOutage.retryWhileDown("making webhook deliveries", () -> deliveries.createDeliveries(ended));
        } catch (RuntimeException e) {
            // Not an outage (those are waited out): a failure here must not stop the channel for every later end.
            LOG.errorf(e, "webhook deliveries for the ends of jobs %s could not be made", ended);
        }
    }
}
