-- The job core. A job of an inaccessible connector is a remote agent's from its creation on: internal
-- workers never claim it, retries and takeovers never request it from them.
ALTER TABLE job ADD COLUMN remote_agent boolean NOT NULL DEFAULT false;
UPDATE job SET remote_agent = true
FROM connection cn JOIN connector ct ON ct.id = cn.connector_id
WHERE cn.id = job.connection_id AND ct.inaccessible
  AND job.status NOT IN ('success', 'failure', 'error', 'killed');
-- Remote agents' jobs waiting for an agent, oldest first (the wait expiry and the agents' pull).
CREATE INDEX job_agent_waiting ON job (updated_at) WHERE remote_agent AND status = 'scheduled';

-- The relay deletes what it has published: the outbox holds only what is still to go.
DELETE FROM outbox WHERE sent_at IS NOT NULL;
DROP INDEX outbox_unsent;
ALTER TABLE outbox DROP COLUMN sent_at;
