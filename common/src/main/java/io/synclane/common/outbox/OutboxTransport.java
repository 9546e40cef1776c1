package io.synclane.common.outbox;

import java.util.concurrent.CompletionStage;

/** Publishes one outbox row; each service implements it with its Kafka producer. */
public interface OutboxTransport {
    /** Completes when the broker has acknowledged the message. */
    CompletionStage<Void> send(String topic, String key, String payload);
}
