/**
 * Request authorisation: per customer, optional or mandatory approval of new requests, the
 * decision kept on the ticket (and so in its history), and one-purpose approval links for
 * approvers without an account (only a hash of the link's secret is stored).
 */
export const authorisationSchema = {
  name: '0002-authorisation',
  up: `
CREATE TABLE helpdesk_authorisation_policies (
  id uuid PRIMARY KEY,
  customer_id uuid NOT NULL UNIQUE,
  mode text NOT NULL CHECK (mode IN ('off', 'optional', 'mandatory')),
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE helpdesk_tickets
  ADD COLUMN authorisation text CHECK (authorisation IN ('requested', 'approved', 'rejected')),
  ADD COLUMN authorisation_reason text,
  ADD COLUMN authorised_by uuid REFERENCES users(id) ON DELETE SET NULL;
-- Likely duplicates: the customer's open tickets of the last 14 days with a similar subject.
CREATE INDEX helpdesk_tickets_customer_open_subject ON helpdesk_tickets USING gin (customer_id, lower(subject) gin_trgm_ops)
  WHERE state IN ('new', 'awaiting_authorisation', 'open', 'waiting_for_customer');

CREATE TABLE helpdesk_approval_links (
  id uuid PRIMARY KEY,
  ticket_id uuid NOT NULL REFERENCES helpdesk_tickets(id) ON DELETE CASCADE,
  secret_hash text NOT NULL UNIQUE,
  approver_email text,
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX helpdesk_approval_links_ticket ON helpdesk_approval_links (ticket_id);
`,
};
