-- A claim checks that the job's connection has no other run under way. Keyed by connection, this finds that
-- run (or its absence) among the few entries of one connection, whatever the history of other jobs; the
-- job_unfinished index it used before holds every job between vacuums, and the check read all of them.
CREATE INDEX job_connection_active ON job (connection_id) WHERE status IN ('pre-run', 'running', 'post-run');

-- The queue tables churn at the job rate: vacuum them after a fixed number of dead rows, not after a fifth of
-- the table (the default), so their hot indexes stay small between vacuums.
ALTER TABLE outbox SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 5000,
                        autovacuum_vacuum_insert_scale_factor = 0, autovacuum_vacuum_insert_threshold = 5000);
ALTER TABLE job SET (autovacuum_vacuum_scale_factor = 0.01, autovacuum_analyze_scale_factor = 0.02);
ALTER TABLE job_run SET (autovacuum_vacuum_scale_factor = 0.01, autovacuum_analyze_scale_factor = 0.02);
