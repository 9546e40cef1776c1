package io.synclane.common.outbox;

import java.util.Set;
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

    /** The broker client's failures that are about the message itself, so that no retry can deliver it. */
    protected abstract Set<Class<? extends Throwable>> undeliverable();

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
                    acked.completeExceptionally(isUndeliverable(failure) ? new Undeliverable(failure) : failure);
                    return CompletableFuture.completedFuture(null);
                });
        try {
            emitter.send(message);
        } catch (RuntimeException e) {
            acked.completeExceptionally(isUndeliverable(e) ? new Undeliverable(e) : e);
        }
        return acked;
    }

    private boolean isUndeliverable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            for (Class<? extends Throwable> type : undeliverable()) {
                if (type.isInstance(cause)) {
                    return true;
                }
            }
        }
        return false;
    }
}
