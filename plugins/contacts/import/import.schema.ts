import type { MigrationDefinition } from '@clientele/core';

/**
 * Bookkeeping of customer imports. A run is keyed by the file's SHA-256: running the same file
 * again finds it finished (nothing to do) or interrupted (resumes after the last committed
 * batch). Rows without a customer number are remembered by a hash of their content, so a
 * corrected file imported again does not duplicate them; rows with a number rely on the number
 * ledger, where a number can be claimed once.
 */
export const customerImportsSchema: MigrationDefinition = {
  name: '0101-customer-imports',
  up: `
CREATE TABLE contacts_customer_imports (
  id uuid PRIMARY KEY,
  checksum text NOT NULL UNIQUE,
  file_name text NOT NULL,
  address_book_id uuid REFERENCES contacts_address_books(id),
  status text NOT NULL CHECK (status IN ('running', 'finished')),
  batch_size integer NOT NULL,
  total_rows bigint NOT NULL,
  batches_done integer NOT NULL DEFAULT 0,
  rows_done bigint NOT NULL DEFAULT 0,
  imported bigint NOT NULL DEFAULT 0,
  rejected bigint NOT NULL DEFAULT 0,
  skipped bigint NOT NULL DEFAULT 0,
  actor_id uuid,
  started_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz
);

CREATE TABLE contacts_customer_import_keys (
  row_key bytea PRIMARY KEY,
  customer_id uuid NOT NULL
);

CREATE TABLE contacts_customer_import_rejects (
  import_id uuid NOT NULL REFERENCES contacts_customer_imports(id) ON DELETE CASCADE,
  line bigint NOT NULL,
  reason text NOT NULL,
  raw jsonb NOT NULL,
  PRIMARY KEY (import_id, line)
);
`,
};
