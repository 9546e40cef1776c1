-- A job waiting out a retry backoff: scheduled again, requested once retry_at has passed.
ALTER TABLE job ADD COLUMN retry_at timestamptz;
CREATE INDEX job_retry_due ON job (retry_at) WHERE retry_at IS NOT NULL;
