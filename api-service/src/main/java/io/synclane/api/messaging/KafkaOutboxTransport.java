package io.synclane.api.messaging;

import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.synclane.common.outbox.EmitterOutboxTransport;
import jakarta.inject.Singleton;
import java.util.Set;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/** The outbox relay's Kafka side: one channel, each record routed to the topic and key its row names. */
@Singleton
public class KafkaOutboxTransport extends EmitterOutboxTransport {

    public KafkaOutboxTransport(@Channel("outbox") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 10_000)
            Emitter<String> emitter) {
        super(emitter);
    }

    @Override
    protected Object routing(String topic, String key) {
        return OutgoingKafkaRecordMetadata.<String>builder().withTopic(topic).withKey(key).build();
    }

    /** Over the producer's or the broker's size limits, or not a valid record: no retry delivers it. */
    @Override
    protected Set<Class<? extends Throwable>> undeliverable() {
        return Set.of(RecordTooLargeException.class, RecordBatchTooLargeException.class, InvalidRecordException.class,
                SerializationException.class);
    }
}
