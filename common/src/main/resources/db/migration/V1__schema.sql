-- Synclane schema. Wire values (statuses, kinds, frequencies) are stored as the API spells them,
-- so the database reads the same as the faces and CHECK constraints reject anything else.

CREATE TABLE team (
    id            bigserial PRIMARY KEY,
    name          text        NOT NULL UNIQUE,
    advanced_alm  boolean     NOT NULL DEFAULT false,
    created_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE app_user (
    id                            bigserial PRIMARY KEY,
    team_id                       bigint      NOT NULL REFERENCES team (id) ON DELETE CASCADE,
    email                         text        NOT NULL UNIQUE,
    name                          text        NOT NULL DEFAULT '',
    is_admin                      boolean     NOT NULL DEFAULT false,
    can_edit_alm_connections      boolean     NOT NULL DEFAULT false,
    can_edit_analysis_connections boolean     NOT NULL DEFAULT false,
    created_at                    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX app_user_team ON app_user (team_id);

-- API keys are 256-bit random values: a SHA-256 digest is enough to store them (no slow hash needed,
-- unlike a human password), and it lets a request be authenticated with one indexed lookup.
CREATE TABLE api_token (
    id           bigserial PRIMARY KEY,
    user_id      bigint      NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    key_hash     bytea       NOT NULL UNIQUE,
    key_prefix   text        NOT NULL,
    name         text        NOT NULL DEFAULT '',
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_used_at timestamptz
);
CREATE INDEX api_token_user ON api_token (user_id);

CREATE TABLE project (
    id          bigserial PRIMARY KEY,
    team_id     bigint      NOT NULL REFERENCES team (id) ON DELETE CASCADE,
    name        text        NOT NULL,
    description text        NOT NULL DEFAULT '',
    profile     text,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (team_id, name)
);

CREATE TABLE task (
    id                  bigserial PRIMARY KEY,
    project_id          bigint      NOT NULL REFERENCES project (id) ON DELETE CASCADE,
    task_id             text        NOT NULL,
    title               text        NOT NULL,
    text                text        NOT NULL DEFAULT '',
    phase               text        NOT NULL,
    priority            integer     NOT NULL CHECK (priority BETWEEN 1 AND 10),
    status              text        NOT NULL DEFAULT 'TODO' CHECK (status IN ('TODO', 'DONE', 'NA')),
    verification_status text        NOT NULL DEFAULT 'none' CHECK (verification_status IN ('none', 'pass', 'partial', 'fail')),
    cwes                integer[]   NOT NULL DEFAULT '{}',
    updated_at          timestamptz NOT NULL DEFAULT now(),
    UNIQUE (project_id, task_id)
);

CREATE TABLE connector (
    id           bigserial PRIMARY KEY,
    team_id      bigint      NOT NULL REFERENCES team (id) ON DELETE CASCADE,
    kind         text        NOT NULL CHECK (kind IN ('alm', 'analysis')),
    name         text        NOT NULL,
    system       text        NOT NULL,
    inaccessible boolean     NOT NULL DEFAULT false,
    params       jsonb       NOT NULL DEFAULT '{}',
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX connector_team_kind ON connector (team_id, kind, id);

CREATE TABLE connection (
    id           bigserial PRIMARY KEY,
    team_id      bigint      NOT NULL REFERENCES team (id) ON DELETE CASCADE,
    project_id   bigint      NOT NULL REFERENCES project (id) ON DELETE CASCADE,
    connector_id bigint      NOT NULL REFERENCES connector (id) ON DELETE CASCADE,
    kind         text        NOT NULL CHECK (kind IN ('alm', 'analysis')),
    alias        text        NOT NULL,
    frequency    text        NOT NULL DEFAULT 'manually'
                             CHECK (frequency IN ('manually', 'hourly', 'daily', 'weekly', 'monthly')),
    debug_mode   boolean     NOT NULL DEFAULT false,
    params       jsonb       NOT NULL DEFAULT '{}',
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX connection_team_kind ON connection (team_id, kind, id);
CREATE INDEX connection_project ON connection (project_id);
CREATE INDEX connection_connector ON connection (connector_id);

CREATE TABLE job (
    id             bigserial PRIMARY KEY,
    team_id        bigint      NOT NULL REFERENCES team (id) ON DELETE CASCADE,
    project_id     bigint      NOT NULL REFERENCES project (id) ON DELETE CASCADE,
    connection_id  bigint      NOT NULL REFERENCES connection (id) ON DELETE CASCADE,
    kind           text        NOT NULL CHECK (kind IN ('alm', 'analysis')),
    status         text        NOT NULL CHECK (status IN ('new', 'scheduled', 'pre-run', 'running', 'post-run',
                                                         'success', 'failure', 'error', 'killed')),
    manual         boolean     NOT NULL,
    user_id        bigint      REFERENCES app_user (id) ON DELETE SET NULL,
    result_message text        NOT NULL DEFAULT '',
    attempt        integer     NOT NULL DEFAULT 0,
    claimed_by     text,
    lease_until    timestamptz,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    started_at     timestamptz,
    finished_at    timestamptz
);
-- Lists page by id within a team and kind, newest first; per connection for last_job and history.
CREATE INDEX job_team_kind_id ON job (team_id, kind, id DESC);
CREATE INDEX job_connection_id ON job (connection_id, id DESC);
CREATE INDEX job_project_kind_id ON job (project_id, kind, id DESC);
-- Only unfinished jobs are ever looked up by status (claims, lease expiry): keep that index small.
CREATE INDEX job_unfinished ON job (status, lease_until) WHERE status NOT IN ('success', 'failure', 'error', 'killed');

CREATE TABLE job_state (
    id         bigserial PRIMARY KEY,
    job_id     bigint      NOT NULL REFERENCES job (id) ON DELETE CASCADE,
    status     text        NOT NULL,
    comment    text        NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX job_state_job ON job_state (job_id, id);

CREATE TABLE job_run (
    id          bigserial PRIMARY KEY,
    job_id      bigint      NOT NULL REFERENCES job (id) ON DELETE CASCADE,
    attempt     integer     NOT NULL,
    process_id  text        NOT NULL,
    run_key     text        NOT NULL UNIQUE,
    status      text        NOT NULL,
    started_at  timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz,
    stdout      text        NOT NULL DEFAULT '',
    stderr      text        NOT NULL DEFAULT ''
);
CREATE INDEX job_run_job ON job_run (job_id, id);
CREATE INDEX job_run_running ON job_run (id) WHERE finished_at IS NULL;

CREATE TABLE job_file (
    id           bigserial PRIMARY KEY,
    job_id       bigint      NOT NULL REFERENCES job (id) ON DELETE CASCADE,
    job_state_id bigint      REFERENCES job_state (id) ON DELETE SET NULL,
    name         text        NOT NULL,
    mime         text        NOT NULL,
    size         bigint      NOT NULL,
    md5          text        NOT NULL,
    content      bytea       NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX job_file_job ON job_file (job_id, id);

-- Transactional outbox: rows are written in the same transaction as the change they announce,
-- then relayed to Kafka in id order and marked sent.
CREATE TABLE outbox (
    id          bigserial PRIMARY KEY,
    topic       text        NOT NULL,
    message_key text        NOT NULL,
    payload     text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    sent_at     timestamptz
);
CREATE INDEX outbox_unsent ON outbox (id) WHERE sent_at IS NULL;
