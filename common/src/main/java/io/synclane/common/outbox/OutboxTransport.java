package io.synclane.common.outbox;

import java.util.concurrent.CompletionStage;

/** Publishes one outbox row; each service implements it with its Kafka producer. */
public interface OutboxTransport {
    /**
     * Completes when the broker has acknowledged the message; fails with {@link Undeliverable} when the broker will
     * never take this message (it is too large, say), with anything else when it may later (the broker is down).
     */
    CompletionStage<Void> send(String topic, String key, String payload);

    /** The broker refuses this message for what it is, not for the broker's state: sending it again cannot help. */
    class Undeliverable extends RuntimeException {
        public Undeliverable(Throwable cause) {
            super(cause.getMessage(), cause);
        }
    }
}
