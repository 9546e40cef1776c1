package io.synclane.api.service;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import io.synclane.common.event.JobEvent;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Fans job events out to every open stream of this process. Each api-service replica reads the whole
 * {@code job-events} topic, so an operator sees every move whichever replica they are connected to.
 */
@ApplicationScoped
public class JobEventBroadcaster {
    /** Filters of a stream; null means any. */
    public record StreamFilter(long teamId, Long projectId, Long connectionId) {
        boolean accepts(JobEvent event) {
            return event.teamId() == teamId
                    && (projectId == null || event.projectId() == projectId)
                    && (connectionId == null || event.connectionId() == connectionId);
        }
    }

    private static final int STREAM_BUFFER = 10_000;

    private final BroadcastProcessor<JobEvent> processor = BroadcastProcessor.create();

    public void publish(JobEvent event) {
        processor.onNext(event);
    }

    /** Events from now on that the filter accepts; another team's events never pass. */
    public Multi<JobEvent> stream(StreamFilter filter) {
        // A slow client gets its own bounded buffer instead of failing the broadcast for everyone.
        return processor.onOverflow().buffer(STREAM_BUFFER).select().where(filter::accepts);
    }
}
