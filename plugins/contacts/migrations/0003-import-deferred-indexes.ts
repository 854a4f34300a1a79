import type { MigrationDefinition } from '@clientele/core';

/**
 * Secondary indexes of `contacts_customers` that a large import has dropped to build them once
 * at its end (see plugins/contacts/import/deferred-indexes.ts). A definition stays here until
 * the index exists again, so an import killed half-way leaves enough to restore them.
 */
export const importDeferredIndexesSchema: MigrationDefinition = {
  name: '0003-import-deferred-indexes',
  up: `
CREATE TABLE contacts_customer_import_deferred_indexes (
  name text PRIMARY KEY,
  definition text NOT NULL,
  import_id uuid NOT NULL,
  deferred_at timestamptz NOT NULL DEFAULT now()
);
`,
};
