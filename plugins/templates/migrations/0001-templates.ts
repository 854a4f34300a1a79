/**
 * Templates are few and listed by channel and name; messages are listed per customer, newest
 * first, and by status for the operator's "failed" view.
 */
export const templatesSchema = {
  name: '0001-templates',
  up: `
CREATE TABLE message_templates (
  id uuid PRIMARY KEY,
  channel text NOT NULL CHECK (channel IN ('email', 'sms')),
  code text NOT NULL,
  name text NOT NULL,
  language text NOT NULL,
  context text NOT NULL,
  subject text,
  html text,
  text text,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz,
  deleted_by uuid REFERENCES users(id) ON DELETE SET NULL
);
CREATE UNIQUE INDEX message_templates_code ON message_templates (channel, code, language) WHERE deleted_at IS NULL;
CREATE INDEX message_templates_name ON message_templates (name, id);
CREATE INDEX message_templates_deleted_at ON message_templates (deleted_at) WHERE deleted_at IS NOT NULL;

CREATE TABLE messages (
  id uuid PRIMARY KEY,
  channel text NOT NULL CHECK (channel IN ('email', 'sms')),
  status text NOT NULL CHECK (status IN ('queued', 'sending', 'sent', 'failed')),
  priority integer NOT NULL DEFAULT 0,
  -- A customer purged for good takes its messages with it.
  customer_id uuid REFERENCES scope_nodes(id) ON DELETE CASCADE,
  template_id uuid REFERENCES message_templates(id) ON DELETE SET NULL,
  sender text,
  recipients text[] NOT NULL,
  subject text,
  html text,
  text text,
  attachments jsonb NOT NULL DEFAULT '[]',
  message_id_header text NOT NULL UNIQUE,
  attempts integer NOT NULL DEFAULT 0,
  last_error text,
  sent_at timestamptz,
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX messages_customer ON messages (customer_id, id DESC);
CREATE INDEX messages_status ON messages (status, id DESC);

-- The sending mailbox each user chose last.
CREATE TABLE message_sender_choices (
  user_id uuid PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  mailbox text NOT NULL
);
`,
};
