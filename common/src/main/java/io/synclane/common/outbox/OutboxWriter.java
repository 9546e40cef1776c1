package io.synclane.common.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.hibernate.query.NativeQuery;

/**
 * Appends a message to the outbox in the caller's transaction, so the message exists exactly when
 * the change it announces does. {@link OutboxRelay} publishes it after the commit.
 */
@ApplicationScoped
public class OutboxWriter {
    private final EntityManager entityManager;
    private final ObjectMapper objectMapper;
    private final Event<OutboxAppended> appended;

    public OutboxWriter(EntityManager entityManager, ObjectMapper objectMapper, Event<OutboxAppended> appended) {
        this.entityManager = entityManager;
        this.objectMapper = objectMapper;
        this.appended = appended;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void append(String topic, String key, Object payload) {
        String json;
        try {
            json = objectMapper.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("outbox payload is not serialisable: " + payload.getClass(), e);
        }
        entityManager.createNativeQuery("INSERT INTO outbox (topic, message_key, payload) VALUES (?1, ?2, ?3)")
                // Touches no mapped table: without this Hibernate flushes the whole session before every append.
                .unwrap(NativeQuery.class).addSynchronizedQuerySpace("outbox")
                .setParameter(1, topic)
                .setParameter(2, key)
                .setParameter(3, json)
                .executeUpdate();
        // Observed after commit only: wakes the relay at once instead of at its next poll.
        appended.fire(OutboxAppended.INSTANCE);
    }

    /** The signal that new rows were committed. */
    public enum OutboxAppended {
        INSTANCE
    }
}
