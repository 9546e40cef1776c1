-- Job-end notifications (webhooks). A team's webhook receives a signed POST when one of its jobs ends in one of
-- the webhook's statuses (and of one of its connections; none listed: all of them). Its signing secret is never
-- stored: it is derived from the services' notifications key and this row's nonce (HMAC), as remote agents'
-- secrets are, so the database alone yields no secret; rotating draws a new nonce.
CREATE TABLE webhook (
    id             bigserial PRIMARY KEY,
    team_id        bigint      NOT NULL REFERENCES team (id) ON DELETE CASCADE,
    url            text        NOT NULL,
    statuses       text[]      NOT NULL CHECK (cardinality(statuses) > 0
                                               AND statuses <@ ARRAY['success', 'failure', 'error', 'killed']),
    -- Ids of the team's connections; empty is all of them. An array, not a join table: a deleted connection must
    -- not widen a webhook that named only it to every connection.
    connection_ids bigint[]    NOT NULL DEFAULT '{}',
    active         boolean     NOT NULL DEFAULT true,
    secret_nonce   bytea       NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX webhook_team ON webhook (team_id, id);

-- One delivery per webhook and job (a job notifies each webhook once, however often its end event is read).
-- Pending deliveries are due at next_attempt_at; a claimed attempt pushes it forward by the attempt's lease, so a
-- worker that dies mid-attempt leaves the delivery due again instead of lost. run_id is the attempt's job run.
CREATE TABLE notification_delivery (
    id              bigserial PRIMARY KEY,
    webhook_id      bigint      NOT NULL REFERENCES webhook (id) ON DELETE CASCADE,
    job_id          bigint      NOT NULL REFERENCES job (id) ON DELETE CASCADE,
    event_status    text        NOT NULL,
    state           text        NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'failed')),
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    run_id          bigint,
    last_status     integer,
    last_error      text        NOT NULL DEFAULT '',
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (webhook_id, job_id)
);
CREATE INDEX notification_delivery_due ON notification_delivery (next_attempt_at) WHERE state = 'pending';
CREATE INDEX notification_delivery_job ON notification_delivery (job_id);

-- What a job run executes: the job's own attempt ('automation', every run before this one) or an outgoing
-- notification about it. The job machinery (leases, takeovers, agents' reports) reads automation runs only.
ALTER TABLE job_run ADD COLUMN job_type text NOT NULL DEFAULT 'automation'
    CHECK (job_type IN ('automation', 'notification'));
