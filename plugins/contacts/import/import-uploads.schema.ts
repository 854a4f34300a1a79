import type { MigrationDefinition } from '@clientele/core';

/**
 * Files uploaded for an import, kept in the database (in parts of about a megabyte) from before
 * the API answers 202 until the import finishes: whichever server process runs the job — again
 * after a crash — reads the file from here.
 */
export const importUploadsSchema: MigrationDefinition = {
  name: '0007-import-uploads',
  up: `
CREATE TABLE contacts_import_uploads (
  id uuid NOT NULL,
  part integer NOT NULL,
  content bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (id, part)
);
`,
};
