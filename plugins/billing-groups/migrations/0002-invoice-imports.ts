/**
 * Invoices imported from another system: the upload (kept in parts until its job has run) and
 * its outcome. An imported invoice keeps the number it was issued under, so it takes no number
 * from its group's series (no sequence); what was paid on it before the import is recorded as
 * paid elsewhere, which the customer's balance counts beside the payments received here.
 */
export const invoiceImportsSchema = {
  name: '0002-invoice-imports',
  up: `
CREATE TABLE billing_invoice_imports (
  id uuid PRIMARY KEY,
  file_name text NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'imported')),
  row_count integer NOT NULL DEFAULT 0,
  imported_count integer NOT NULL DEFAULT 0,
  unchanged_count integer NOT NULL DEFAULT 0,
  rejected_count integer NOT NULL DEFAULT 0,
  imported_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- The uploaded file as UTF-8 CSV in parts of about a megabyte, read back as a stream by the job.
CREATE TABLE billing_invoice_import_parts (
  import_id uuid NOT NULL REFERENCES billing_invoice_imports(id) ON DELETE CASCADE,
  part integer NOT NULL,
  content bytea NOT NULL,
  PRIMARY KEY (import_id, part)
);

ALTER TABLE billing_invoices
  ALTER COLUMN sequence DROP NOT NULL,
  ADD COLUMN imported boolean NOT NULL DEFAULT false,
  ADD COLUMN import_id uuid REFERENCES billing_invoice_imports(id) ON DELETE SET NULL,
  ADD COLUMN paid_elsewhere_minor bigint NOT NULL DEFAULT 0 CHECK (paid_elsewhere_minor >= 0),
  ADD CONSTRAINT billing_invoices_numbered CHECK (imported OR sequence IS NOT NULL),
  ADD CONSTRAINT billing_invoices_paid_elsewhere CHECK (paid_elsewhere_minor <= paid_minor);

-- An imported invoice names its customer by number.
CREATE INDEX billing_accounts_customer_number ON billing_accounts (customer_number);
`,
};
