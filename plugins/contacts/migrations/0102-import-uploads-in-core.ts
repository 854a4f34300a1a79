import type { MigrationDefinition } from '@clientele/core';

/** Uploads now wait in core's `stored_uploads`; one still waiting for its job moves there. */
export const importUploadsInCoreSchema: MigrationDefinition = {
  name: '0102-import-uploads-in-core',
  up: `
INSERT INTO stored_uploads (id, part, content, created_at)
SELECT id, part, content, created_at FROM contacts_import_uploads;
DROP TABLE contacts_import_uploads;
`,
};
