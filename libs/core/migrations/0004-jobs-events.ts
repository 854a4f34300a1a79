import type { MigrationDefinition } from '../plugin/plugin.types.js';

/** The channel on which a committed event announces itself to every server process (payload: its sequence). */
export const EVENTS_CHANNEL = 'clientele_events';

/**
 * Durable work and events. The queue itself lives in pg-boss's own schema (`pgboss`), created
 * and upgraded by pg-boss at start-up; `jobs` keeps what the API shows of a job started for a
 * user (owner, progress, result) and which process runs it, so a job whose process died is
 * noticed. `event_outbox` holds every published event in the order of its sequence: live
 * updates read it (resuming from `Last-Event-ID`), and it is pruned after a retention period.
 */
export const jobsEventsSchema: MigrationDefinition = {
  name: '0004-jobs-events',
  up: `
ALTER TABLE jobs
  ADD COLUMN runner text,
  ADD COLUMN heartbeat_at timestamptz,
  ADD COLUMN attempts integer NOT NULL DEFAULT 0;
CREATE INDEX jobs_running ON jobs (heartbeat_at) WHERE status = 'running';

CREATE TABLE event_outbox (
  sequence bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id uuid NOT NULL UNIQUE,
  type text NOT NULL,
  payload jsonb NOT NULL,
  record_type text,
  record_id uuid,
  node_id uuid,
  permission text,
  private_to uuid,
  actor_id uuid,
  occurred_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX event_outbox_occurred ON event_outbox (occurred_at);
`,
};
