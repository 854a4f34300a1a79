import type { MigrationDefinition } from '../plugin/plugin.types.js';

/** Files uploaded for queued work, in parts (`StoredUploads`). */
export const storedUploadsSchema: MigrationDefinition = {
  name: '0007-stored-uploads',
  up: `
CREATE TABLE stored_uploads (
  id uuid NOT NULL,
  part integer NOT NULL,
  content bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (id, part)
);
`,
};
