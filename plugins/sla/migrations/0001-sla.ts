/**
 * Calendars, contracts with their levels, contracts put on scope nodes, and the clocks of the
 * records that carry them (tickets): their stored deadlines and the marks (warnings at a
 * percentage, the breach at 100) the breach job fires once each.
 */
export const slaSchema = {
  name: '0001-sla',
  up: `
CREATE TABLE sla_calendars (
  id uuid PRIMARY KEY,
  name text NOT NULL,
  time_zone text NOT NULL,
  around_the_clock boolean NOT NULL DEFAULT false,
  -- { "mon": [{ "from": "08:00", "to": "12:00" }, …], … } in local wall time.
  week jsonb NOT NULL DEFAULT '{}',
  -- [{ "date": "2026-12-24" | "12-24", "name": "…" }]
  holidays jsonb NOT NULL DEFAULT '[]',
  -- { "country": "CZ", "state": …, "region": … } or null.
  public_holidays jsonb,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz,
  deleted_by uuid REFERENCES users(id) ON DELETE SET NULL
);
CREATE UNIQUE INDEX sla_calendars_name ON sla_calendars (lower(name)) WHERE deleted_at IS NULL;
CREATE INDEX sla_calendars_by_name ON sla_calendars (name, id);

CREATE TABLE sla_contracts (
  id uuid PRIMARY KEY,
  name text NOT NULL,
  -- The level code used until a record's severity is assessed.
  default_level text NOT NULL,
  -- [{ "state": "waiting for customer", "clocks": ["nextResponse", "resolution"] }]
  pauses jsonb NOT NULL DEFAULT '[]',
  warning_percents integer[] NOT NULL DEFAULT '{80}',
  -- The contract of records no assignment covers; one at most.
  is_default boolean NOT NULL DEFAULT false,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz,
  deleted_by uuid REFERENCES users(id) ON DELETE SET NULL
);
CREATE UNIQUE INDEX sla_contracts_name ON sla_contracts (lower(name)) WHERE deleted_at IS NULL;
CREATE UNIQUE INDEX sla_contracts_one_default ON sla_contracts (is_default) WHERE is_default AND deleted_at IS NULL;
CREATE INDEX sla_contracts_by_name ON sla_contracts (name, id);

CREATE TABLE sla_levels (
  id uuid PRIMARY KEY,
  contract_id uuid NOT NULL REFERENCES sla_contracts(id) ON DELETE CASCADE,
  code text NOT NULL,
  name text NOT NULL,
  position integer NOT NULL DEFAULT 0,
  -- Each target in business minutes, counted in a calendar or (no calendar) around the clock.
  first_response_minutes integer CHECK (first_response_minutes > 0),
  first_response_calendar_id uuid REFERENCES sla_calendars(id),
  next_response_minutes integer CHECK (next_response_minutes > 0),
  next_response_calendar_id uuid REFERENCES sla_calendars(id),
  resolution_minutes integer CHECK (resolution_minutes > 0),
  resolution_calendar_id uuid REFERENCES sla_calendars(id),
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (contract_id, code)
);
CREATE INDEX sla_levels_by_position ON sla_levels (contract_id, position, id);
-- Which levels (so which contracts) count in a calendar, when the calendar changes.
CREATE INDEX sla_levels_first_calendar ON sla_levels (first_response_calendar_id);
CREATE INDEX sla_levels_next_calendar ON sla_levels (next_response_calendar_id);
CREATE INDEX sla_levels_resolution_calendar ON sla_levels (resolution_calendar_id);

-- A contract put on a record: it applies to the records below (a customer's tickets).
CREATE TABLE sla_assignments (
  id uuid PRIMARY KEY,
  node_id uuid NOT NULL UNIQUE REFERENCES scope_nodes(id) ON DELETE CASCADE,
  contract_id uuid NOT NULL REFERENCES sla_contracts(id),
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sla_assignments_contract ON sla_assignments (contract_id);

-- One row per clock of a record (per cycle for next response), as last computed.
CREATE TABLE sla_clocks (
  record_type text NOT NULL,
  record_id uuid NOT NULL,
  kind text NOT NULL,
  cycle integer NOT NULL,
  node_id uuid,
  contract_id uuid NOT NULL REFERENCES sla_contracts(id),
  level text NOT NULL,
  state text NOT NULL CHECK (state IN ('running', 'paused', 'met', 'breached')),
  started_at timestamptz NOT NULL,
  -- Null while the clock is open (running, paused, or breached and still going).
  stopped_at timestamptz,
  deadline timestamptz,
  computed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (record_type, record_id, kind, cycle)
);
-- The recompute job's list: records with open clocks on a contract.
CREATE INDEX sla_clocks_open_by_contract ON sla_clocks (contract_id, record_type, record_id) WHERE stopped_at IS NULL;
-- …and on the records below a node whose assignment changed.
CREATE INDEX sla_clocks_open_by_node ON sla_clocks (node_id) WHERE stopped_at IS NULL;

-- A threshold of a clock (percent of its target; 100 is the breach) and when it falls due.
CREATE TABLE sla_clock_marks (
  record_type text NOT NULL,
  record_id uuid NOT NULL,
  kind text NOT NULL,
  cycle integer NOT NULL,
  percent smallint NOT NULL,
  -- Null while the clock does not run towards it (paused, met).
  due_at timestamptz,
  fired_at timestamptz,
  PRIMARY KEY (record_type, record_id, kind, cycle, percent),
  FOREIGN KEY (record_type, record_id, kind, cycle) REFERENCES sla_clocks ON DELETE CASCADE
);
-- The breach job's only read: marks due and not fired yet.
CREATE INDEX sla_clock_marks_due ON sla_clock_marks (due_at) WHERE fired_at IS NULL AND due_at IS NOT NULL;
`,
};
