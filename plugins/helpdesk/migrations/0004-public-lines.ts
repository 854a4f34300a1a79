/**
 * Public lines: users of other companies connected to a public area, until an administrator
 * disconnects them. Their tickets have no customer and hang below the area.
 */
export const publicLinesSchema = {
  name: '0004-public-lines',
  up: `
CREATE TABLE helpdesk_line_connections (
  id uuid PRIMARY KEY,
  area_id uuid NOT NULL REFERENCES helpdesk_areas(id),
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  company text NOT NULL,
  company_normalized text GENERATED ALWAYS AS (lower(company)) STORED,
  -- The grant of the line-user role on the area that lets the user in; removed on disconnecting.
  grant_id uuid,
  disconnected_at timestamptz,
  disconnected_by uuid REFERENCES users(id) ON DELETE SET NULL,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
-- One live connection per user and line; the access check reads it by (user, area).
CREATE UNIQUE INDEX helpdesk_line_connections_live ON helpdesk_line_connections (user_id, area_id) WHERE disconnected_at IS NULL;
CREATE INDEX helpdesk_line_connections_area ON helpdesk_line_connections (area_id, id);
CREATE INDEX helpdesk_line_connections_company ON helpdesk_line_connections (company_normalized, id);

ALTER TABLE helpdesk_tickets ALTER COLUMN customer_id DROP NOT NULL;
`,
};
