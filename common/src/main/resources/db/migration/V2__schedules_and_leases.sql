-- Scheduled syncs: each connection's schedule, its next slot, and at most one job per connection and slot.
ALTER TABLE connection
    ADD COLUMN schedule_paused   boolean     NOT NULL DEFAULT false,
    ADD COLUMN schedule_timezone text        NOT NULL DEFAULT 'UTC',
    ADD COLUMN schedule_minute   integer     NOT NULL DEFAULT 0 CHECK (schedule_minute BETWEEN 0 AND 59),
    ADD COLUMN schedule_hour     integer     NOT NULL DEFAULT 0 CHECK (schedule_hour BETWEEN 0 AND 23),
    -- weekly: ISO day of week 1 (Monday) to 7; monthly: day of month 1 to 28 (every month has it)
    ADD COLUMN schedule_day      integer     NOT NULL DEFAULT 1 CHECK (schedule_day BETWEEN 1 AND 28),
    ADD COLUMN next_run          timestamptz,
    ADD COLUMN skipped_runs      integer     NOT NULL DEFAULT 0;

-- The scheduler's only query: due, unpaused, scheduled connections in slot order.
CREATE INDEX connection_due ON connection (next_run)
    WHERE frequency <> 'manually' AND NOT schedule_paused AND next_run IS NOT NULL;

ALTER TABLE job ADD COLUMN slot timestamptz;
-- Exactly one job per connection per slot, whatever number of schedulers run.
CREATE UNIQUE INDEX job_connection_slot ON job (connection_id, slot) WHERE slot IS NOT NULL;
