/**
 * Quick-request accounts: bound to one customer by its id (renaming the customer changes
 * nothing), opened by a per-account secret of which only a hash is kept; failed attempts are
 * counted per account so guessing is slowed down. Tickets filed through one remember it.
 */
export const quickRequestsSchema = {
  name: '0003-quick-requests',
  up: `
CREATE TABLE helpdesk_quick_accounts (
  id uuid PRIMARY KEY,
  customer_id uuid NOT NULL,
  name text NOT NULL,
  email text,
  secret_hash text,
  secret_expires_at timestamptz,
  failed_attempts integer NOT NULL DEFAULT 0,
  locked_until timestamptz,
  last_used_at timestamptz,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz,
  deleted_by uuid REFERENCES users(id) ON DELETE SET NULL
);
CREATE INDEX helpdesk_quick_accounts_customer ON helpdesk_quick_accounts (customer_id, id);
CREATE INDEX helpdesk_quick_accounts_deleted_at ON helpdesk_quick_accounts (deleted_at) WHERE deleted_at IS NOT NULL;

ALTER TABLE helpdesk_tickets ADD COLUMN quick_account_id uuid REFERENCES helpdesk_quick_accounts(id) ON DELETE SET NULL;
CREATE INDEX helpdesk_tickets_quick_account ON helpdesk_tickets (quick_account_id, id DESC) WHERE quick_account_id IS NOT NULL;
`,
};
