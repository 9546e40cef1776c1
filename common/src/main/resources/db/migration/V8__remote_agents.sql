-- Remote agents (DCI's "remotecis"): machines on a customer's network that pull and run the jobs of inaccessible
-- connectors through /api/v1. An agent's api_secret is never stored: it is derived from the service's agent key
-- and this row's nonce (HMAC), so the database alone yields no secret; rotating draws a new nonce. The digest
-- lets a Basic login be checked with one comparison and tells a wrong agent key apart from a wrong secret.
CREATE TABLE remoteci (
    id            bigserial PRIMARY KEY,
    team_id       bigint      NOT NULL REFERENCES team (id) ON DELETE CASCADE,
    name          text        NOT NULL,
    state         text        NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'inactive')),
    secret_nonce  bytea       NOT NULL,
    secret_digest bytea       NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    last_seen_at  timestamptz,
    UNIQUE (team_id, name)
);

-- The DCI face's fields of a job: its comment, whether it is a recheck, and the agent it is for or ran on.
ALTER TABLE job
    ADD COLUMN comment     text    NOT NULL DEFAULT '',
    ADD COLUMN recheck     boolean NOT NULL DEFAULT false,
    ADD COLUMN remoteci_id bigint  REFERENCES remoteci (id) ON DELETE SET NULL;

-- What an agent's schedule reads: its team's jobs waiting for an agent, rechecks first, oldest first.
CREATE INDEX job_agent_queue ON job (team_id, recheck DESC, id) WHERE remote_agent AND status = 'scheduled';
