-- A job run names its runner as the RPM face types it: the host, and the process id and run key as integers.
-- Runs recorded before keep their host and pid (from "host:pid"); their run key becomes their id.
ALTER TABLE job_run ADD COLUMN host text NOT NULL DEFAULT '';
UPDATE job_run SET host = regexp_replace(process_id, ':[0-9]+$', '');
ALTER TABLE job_run
    ALTER COLUMN process_id DROP NOT NULL,
    ALTER COLUMN process_id TYPE bigint USING (substring(process_id FROM ':([0-9]{1,18})$'))::bigint;
-- Random within JSON's exact integers (2^53), so that no client reading it as a double loses a digit; unique still.
ALTER TABLE job_run
    ALTER COLUMN run_key TYPE bigint USING id,
    ALTER COLUMN run_key SET DEFAULT (1 + floor(random() * 9007199254740990))::bigint;
