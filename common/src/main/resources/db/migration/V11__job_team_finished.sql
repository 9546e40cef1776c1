-- The operators' dashboard reads a team's job ends by time (ends per minute over the last hour, outcomes of the
-- last 24 hours): an index range of the team's recent ends, read from the index alone, instead of a scan of its whole
-- history. Only ended jobs are in it, and a job enters it once, when it ends.
CREATE INDEX job_team_finished ON job (team_id, finished_at) INCLUDE (status) WHERE finished_at IS NOT NULL;
