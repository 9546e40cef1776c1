-- A claim checks that the job's connection has no other run under way. Keyed by connection, this finds that
-- run (or its absence) among the few entries of one connection, whatever the history of other jobs; the
-- job_unfinished index it used before holds every job between vacuums, and the check read all of them.
CREATE INDEX job_connection_active ON job (connection_id) WHERE status IN ('pre-run', 'running', 'post-run');
