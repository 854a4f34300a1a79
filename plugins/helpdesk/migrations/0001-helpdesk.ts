/**
 * Areas, tickets, their messages and the SLA timeline of each ticket. Lists filter tickets by
 * area, state, assignee, customer, severity and SLA state and sort by the stored SLA deadline:
 * the indexes lead with the filter and end with (sla_due_at, id) or id.
 */
export const helpdeskSchema = {
  name: '0001-helpdesk',
  up: `
CREATE TABLE helpdesk_areas (
  id uuid PRIMARY KEY REFERENCES scope_nodes(id),
  code text NOT NULL,
  name text NOT NULL,
  is_public boolean NOT NULL DEFAULT false,
  is_default boolean NOT NULL DEFAULT false,
  default_assignee_user_id uuid REFERENCES users(id) ON DELETE SET NULL,
  default_assignee_group_id uuid REFERENCES user_groups(id) ON DELETE SET NULL,
  default_sla_contract_id uuid,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz,
  deleted_by uuid REFERENCES users(id) ON DELETE SET NULL
);
CREATE UNIQUE INDEX helpdesk_areas_code ON helpdesk_areas (code) WHERE deleted_at IS NULL;
CREATE UNIQUE INDEX helpdesk_areas_one_default ON helpdesk_areas (is_default) WHERE is_default AND deleted_at IS NULL;
CREATE INDEX helpdesk_areas_deleted_at ON helpdesk_areas (deleted_at) WHERE deleted_at IS NOT NULL;

CREATE SEQUENCE helpdesk_ticket_numbers;
CREATE TABLE helpdesk_tickets (
  id uuid PRIMARY KEY REFERENCES scope_nodes(id) ON DELETE CASCADE,
  number bigint NOT NULL DEFAULT nextval('helpdesk_ticket_numbers') UNIQUE,
  subject text NOT NULL,
  area_id uuid NOT NULL REFERENCES helpdesk_areas(id),
  customer_id uuid NOT NULL,
  consumer_id uuid,
  service_id uuid,
  state text NOT NULL CHECK (state IN ('new', 'awaiting_authorisation', 'open', 'waiting_for_customer', 'resolved', 'closed')),
  severity text CHECK (severity IN ('critical', 'high', 'normal', 'low')),
  assignee_user_id uuid REFERENCES users(id) ON DELETE SET NULL,
  assignee_group_id uuid REFERENCES user_groups(id) ON DELETE SET NULL,
  requester_id uuid REFERENCES users(id) ON DELETE SET NULL,
  -- Set when routing names a user group responsible for the customer: only its members among staff see the ticket.
  visible_group_id uuid REFERENCES user_groups(id) ON DELETE SET NULL,
  sla_due_at timestamptz,
  sla_state text NOT NULL DEFAULT 'none',
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
-- "My areas, open, by deadline": the area and state lead, the deadline orders (nulls last as infinity).
CREATE INDEX helpdesk_tickets_area_state_due ON helpdesk_tickets (area_id, state, (COALESCE(sla_due_at, 'infinity')), id);
CREATE INDEX helpdesk_tickets_due ON helpdesk_tickets ((COALESCE(sla_due_at, 'infinity')), id);
CREATE INDEX helpdesk_tickets_customer ON helpdesk_tickets (customer_id, id DESC);
CREATE INDEX helpdesk_tickets_service ON helpdesk_tickets (service_id, id DESC) WHERE service_id IS NOT NULL;
CREATE INDEX helpdesk_tickets_assignee_user ON helpdesk_tickets (assignee_user_id, id DESC) WHERE assignee_user_id IS NOT NULL;
CREATE INDEX helpdesk_tickets_assignee_group ON helpdesk_tickets (assignee_group_id, id DESC) WHERE assignee_group_id IS NOT NULL;
CREATE INDEX helpdesk_tickets_state ON helpdesk_tickets (state, id DESC);
CREATE INDEX helpdesk_tickets_severity ON helpdesk_tickets (severity, id DESC);
CREATE INDEX helpdesk_tickets_sla_state ON helpdesk_tickets (sla_state, id DESC);
CREATE INDEX helpdesk_tickets_requester ON helpdesk_tickets (requester_id, id DESC);
CREATE INDEX helpdesk_tickets_subject_trgm ON helpdesk_tickets USING gin (lower(subject) gin_trgm_ops);

CREATE TABLE helpdesk_messages (
  id uuid PRIMARY KEY,
  ticket_id uuid NOT NULL REFERENCES helpdesk_tickets(id) ON DELETE CASCADE,
  author_id uuid REFERENCES users(id) ON DELETE SET NULL,
  from_customer boolean NOT NULL,
  body text NOT NULL,
  private boolean NOT NULL DEFAULT false,
  addressee_id uuid REFERENCES users(id) ON DELETE SET NULL,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (NOT private OR addressee_id IS NOT NULL)
);
CREATE INDEX helpdesk_messages_ticket ON helpdesk_messages (ticket_id, id);
-- Search reads only what every reader of the ticket may read: private content is never indexed for it.
CREATE INDEX helpdesk_messages_body_trgm ON helpdesk_messages USING gin (lower(body) gin_trgm_ops) WHERE NOT private;

-- What the SLA clocks are computed from, in the order it happened (created, customer messages,
-- staff replies, states, assessed levels, contracts set on the ticket).
CREATE TABLE helpdesk_ticket_timeline (
  id bigserial PRIMARY KEY,
  ticket_id uuid NOT NULL REFERENCES helpdesk_tickets(id) ON DELETE CASCADE,
  at timestamptz NOT NULL,
  kind text NOT NULL CHECK (kind IN ('created', 'customerMessage', 'staffReply', 'state', 'level', 'contract')),
  data jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX helpdesk_ticket_timeline_ticket ON helpdesk_ticket_timeline (ticket_id, id);

-- Why a ticket went where it went, as decided when it was filed: each step, who won and who lost.
CREATE TABLE helpdesk_ticket_routing (
  ticket_id uuid PRIMARY KEY REFERENCES helpdesk_tickets(id) ON DELETE CASCADE,
  decided_at timestamptz NOT NULL DEFAULT now(),
  decision jsonb NOT NULL
);
`,
};
