-- Messages the broker will never take (too large, unserializable) are set aside here with the reason, instead
-- of being retried forever at the head of the outbox: the relay goes on with the rest. Kept for operators to
-- inspect and, once the cause is fixed, put back into the outbox.
CREATE TABLE outbox_dead_letter (
    id           bigserial PRIMARY KEY,
    outbox_id    bigint      NOT NULL,
    topic        text        NOT NULL,
    message_key  text        NOT NULL,
    payload      text        NOT NULL,
    reason       text        NOT NULL,
    created_at   timestamptz NOT NULL,
    set_aside_at timestamptz NOT NULL DEFAULT now()
);
-- The outbox's health reads the age of its oldest row.
CREATE INDEX outbox_created ON outbox (created_at);
