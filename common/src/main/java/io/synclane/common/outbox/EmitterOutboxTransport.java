package io.synclane.common.outbox;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Publishes outbox rows through a messaging channel and completes once the broker acknowledged them.
 * A service subclasses it only to say how its broker routes a record (topic and key).
 */
public abstract class EmitterOutboxTransport implements OutboxTransport {
    private final Emitter<String> emitter;

    protected EmitterOutboxTransport(Emitter<String> emitter) {
        this.emitter = emitter;
    }

    /** The broker's outgoing metadata naming the record's topic and key. */
    protected abstract Object routing(String topic, String key);

    @Override
    public CompletionStage<Void> send(String topic, String key, String payload) {
        CompletableFuture<Void> acked = new CompletableFuture<>();
        Message<String> message = Message.of(payload)
                .addMetadata(routing(topic, key))
                .withAck(() -> {
                    acked.complete(null);
                    return CompletableFuture.completedFuture(null);
                })
                .withNack(failure -> {
                    acked.completeExceptionally(failure);
                    return CompletableFuture.completedFuture(null);
                });
        emitter.send(message);
        return acked;
    }
}
