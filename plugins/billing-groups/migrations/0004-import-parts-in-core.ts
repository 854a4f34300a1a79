import type { MigrationDefinition } from '@clientele/core';

/** Uploaded invoice files now wait in core's `stored_uploads`; one still waiting for its job moves there. */
export const importPartsInCoreSchema: MigrationDefinition = {
  name: '0004-import-parts-in-core',
  up: `
INSERT INTO stored_uploads (id, part, content)
SELECT import_id, part, content FROM billing_invoice_import_parts;
DROP TABLE billing_invoice_import_parts;
`,
};
