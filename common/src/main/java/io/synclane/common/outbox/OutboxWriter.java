package io.synclane.common.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.PreparedStatement;
import java.util.List;
import org.hibernate.Session;

/**
 * Appends messages to the outbox in the caller's transaction, so a message exists exactly when
 * the change it announces does. {@link OutboxRelay} publishes them after the commit.
 */
@ApplicationScoped
public class OutboxWriter {
    private final EntityManager entityManager;
    private final ObjectMapper objectMapper;
    private final Event<OutboxAppended> appended;

    /** One message: its topic, its Kafka key and the object that becomes its JSON payload. */
    public record Message(String topic, String key, Object payload) {
    }

    public OutboxWriter(EntityManager entityManager, ObjectMapper objectMapper, Event<OutboxAppended> appended) {
        this.entityManager = entityManager;
        this.objectMapper = objectMapper;
        this.appended = appended;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void append(String topic, String key, Object payload) {
        appendAll(List.of(new Message(topic, key, payload)));
    }

    /** Many messages in one statement; their outbox ids, and so their publishing order, follow the list. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void appendAll(List<Message> messages) {
        if (messages.isEmpty()) {
            return;
        }
        String[] topics = new String[messages.size()];
        String[] keys = new String[messages.size()];
        String[] payloads = new String[messages.size()];
        for (int i = 0; i < messages.size(); i++) {
            topics[i] = messages.get(i).topic();
            keys[i] = messages.get(i).key();
            payloads[i] = json(messages.get(i).payload());
        }
        // Plain JDBC on the transaction's connection: the outbox is no mapped table, so Hibernate has nothing to
        // flush first, and unnest makes any number of rows one statement.
        entityManager.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO outbox (topic, message_key, payload)
                    SELECT topic, message_key, payload
                    FROM unnest(?::text[], ?::text[], ?::text[]) WITH ORDINALITY AS m (topic, message_key, payload, position)
                    ORDER BY position""")) {
                insert.setArray(1, connection.createArrayOf("text", topics));
                insert.setArray(2, connection.createArrayOf("text", keys));
                insert.setArray(3, connection.createArrayOf("text", payloads));
                insert.executeUpdate();
            }
        });
        // Observed after commit only: wakes the relay at once instead of at its next poll.
        appended.fire(OutboxAppended.INSTANCE);
    }

    private String json(Object payload) {
        try {
            return objectMapper.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("outbox payload is not serialisable: " + payload.getClass(), e);
        }
    }

    /** The signal that new rows were committed. */
    public enum OutboxAppended {
        INSTANCE
    }
}
