/**
 * Attachments of tickets and their messages: what is known of each file here, its content in
 * the storage the settings name (this database or a folder on disk). An attachment of a private
 * message is its addressee's only (`private_to`).
 */
export const attachmentsSchema = {
  name: '0005-attachments',
  up: `
CREATE TABLE helpdesk_attachments (
  id uuid PRIMARY KEY,
  ticket_id uuid NOT NULL REFERENCES helpdesk_tickets(id) ON DELETE CASCADE,
  message_id uuid REFERENCES helpdesk_messages(id) ON DELETE CASCADE,
  private_to uuid REFERENCES users(id) ON DELETE SET NULL,
  file_name text NOT NULL,
  content_type text NOT NULL,
  size integer NOT NULL,
  sha256 text NOT NULL,
  storage text NOT NULL CHECK (storage IN ('database', 'disk')),
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX helpdesk_attachments_ticket ON helpdesk_attachments (ticket_id, id);

-- The database storage: one row per attachment.
CREATE TABLE helpdesk_attachment_blobs (
  id uuid PRIMARY KEY REFERENCES helpdesk_attachments(id) ON DELETE CASCADE,
  data bytea NOT NULL
);
`,
};
