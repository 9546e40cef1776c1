-- The X-Request-Id of the HTTP request that created a job (null for the scheduler's jobs), so that the log
-- lines of the job's runs, on any worker and after any retry or takeover, name the request they came from.
ALTER TABLE job ADD COLUMN request_id text;
