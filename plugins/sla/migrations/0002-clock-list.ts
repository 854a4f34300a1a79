/**
 * The list of clocks (`GET /api/sla/clocks`): the open ones soonest due first. A row id gives the
 * list its tie-breaker; the partial index serves the default order and the deadline filter.
 */
export const slaClockListSchema = {
  name: '0002-clock-list',
  up: `
ALTER TABLE sla_clocks ADD COLUMN id uuid NOT NULL DEFAULT gen_random_uuid();
CREATE UNIQUE INDEX sla_clocks_id ON sla_clocks (id);
-- A clock without a deadline (no working time ahead in its calendar) sorts last.
CREATE INDEX sla_clocks_open_by_deadline ON sla_clocks ((COALESCE(deadline, 'infinity'::timestamptz)), id) WHERE stopped_at IS NULL;
CREATE INDEX sla_clocks_by_record ON sla_clocks (record_id);
`,
};
