-- ALM syncs. Tasks may carry tags (sde_tags_filter scopes a sync by them).
ALTER TABLE task ADD COLUMN tags text[] NOT NULL DEFAULT '{}';

-- The issue the sync engine made or found for a task of a connection, and what both sides said at the
-- last sync: a side that moved since then is the side that changed (conflict_policy decides only when
-- both moved). One issue per task and connection, so a re-run never creates a second.
CREATE TABLE alm_issue (
    id             bigserial PRIMARY KEY,
    connection_id  bigint      NOT NULL REFERENCES connection (id) ON DELETE CASCADE,
    task_id        bigint      NOT NULL REFERENCES task (id) ON DELETE CASCADE,
    issue_key      text        NOT NULL,
    issue_url      text        NOT NULL DEFAULT '',
    synced_done    boolean     NOT NULL,
    synced_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (connection_id, task_id)
);
