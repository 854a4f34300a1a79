/**
 * The billing ledger: the operator's companies (billing groups, each a scope node), one billing
 * account per customer, invoices numbered from a gapless series per group and period, bank
 * payments and their allocations to invoices, and the standing (balance and score) derived
 * from them. Money is integer minor units everywhere (bigint), never floating point.
 */
export const billingSchema = {
  name: '0001-billing',
  up: `
CREATE TABLE billing_groups (
  -- The record id is its scope node: staff limited to a group hold their grants there.
  id uuid PRIMARY KEY REFERENCES scope_nodes(id) ON DELETE CASCADE,
  name text NOT NULL,
  company_id text,
  vat_id text,
  street text,
  city text,
  postcode text,
  country text,
  ibans text[] NOT NULL DEFAULT '{}',
  number_pattern text NOT NULL DEFAULT '{YYYY}{seq:6}',
  currency char(3) NOT NULL DEFAULT 'CZK',
  is_default boolean NOT NULL DEFAULT false,
  -- Digests of the images, so a new logo or stamp shows in the group's history.
  logo_digest text,
  stamp_digest text,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz,
  deleted_by uuid REFERENCES users(id) ON DELETE SET NULL
);
CREATE UNIQUE INDEX billing_groups_one_default ON billing_groups ((true)) WHERE is_default AND deleted_at IS NULL;
CREATE UNIQUE INDEX billing_groups_name ON billing_groups (lower(name)) WHERE deleted_at IS NULL;
-- Incoming payments name the account they arrived on; the statement's IBAN finds its group.
CREATE INDEX billing_groups_ibans ON billing_groups USING gin (ibans);

CREATE TABLE billing_group_images (
  group_id uuid NOT NULL REFERENCES billing_groups(id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('logo', 'stamp')),
  content_type text NOT NULL CHECK (content_type IN ('image/png', 'image/jpeg')),
  data bytea NOT NULL,
  PRIMARY KEY (group_id, kind)
);

CREATE TABLE billing_payment_types (
  id uuid PRIMARY KEY,
  code text NOT NULL UNIQUE CHECK (code ~ '^[a-z][a-z0-9_]{0,62}$'),
  name text NOT NULL,
  position integer NOT NULL DEFAULT 0,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO billing_payment_types (id, code, name, position) VALUES
  (clientele_uuid_v7(), 'bank_transfer', 'Bank transfer', 1),
  (clientele_uuid_v7(), 'direct_debit', 'Direct debit', 2),
  (clientele_uuid_v7(), 'card', 'Card', 3),
  (clientele_uuid_v7(), 'cash', 'Cash', 4);

-- A customer's billing profile (the card's billing tab). Its id is the customer's id, which is
-- also the customer's scope node; it cascades so purging a customer never fails here.
CREATE TABLE billing_accounts (
  id uuid PRIMARY KEY REFERENCES scope_nodes(id) ON DELETE CASCADE,
  group_id uuid NOT NULL REFERENCES billing_groups(id),
  customer_number text NOT NULL,
  payment_type_id uuid REFERENCES billing_payment_types(id),
  due_days smallint CHECK (due_days BETWEEN 0 AND 365),
  invoice_by_post boolean NOT NULL DEFAULT false,
  invoice_by_email boolean NOT NULL DEFAULT true,
  suspend_after_days smallint CHECK (suspend_after_days BETWEEN 0 AND 3650),
  never_suspend boolean NOT NULL DEFAULT false,
  extra_variable_symbols text[] NOT NULL DEFAULT '{}' CHECK (cardinality(extra_variable_symbols) <= 3),
  non_payer boolean NOT NULL DEFAULT false,
  suspended_at timestamptz,
  -- What suspension changed, so that paying undoes exactly that: the customer state it left
  -- and the services it suspended.
  state_before_suspension uuid,
  suspended_service_ids uuid[] NOT NULL DEFAULT '{}',
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX billing_accounts_group ON billing_accounts (group_id, id);
CREATE INDEX billing_accounts_non_payers ON billing_accounts (id) WHERE non_payer;

-- Every symbol a payment may quote to name its customer: the customer number and up to three
-- extra ones, digits only and without leading zeros (banks pad symbols to ten digits). The
-- primary key keeps one symbol from naming two customers.
CREATE TABLE billing_variable_symbols (
  symbol text PRIMARY KEY CHECK (symbol ~ '^[1-9][0-9]{0,9}$'),
  customer_id uuid NOT NULL REFERENCES billing_accounts(id) ON DELETE CASCADE,
  extra boolean NOT NULL
);
CREATE INDEX billing_variable_symbols_customer ON billing_variable_symbols (customer_id);

-- One counter row per series and period, incremented in the issuing transaction: its row lock
-- orders concurrent issuers and a rollback takes the increment back, so numbers have no gaps
-- (a sequence would leave one on every rollback).
CREATE TABLE billing_number_counters (
  group_id uuid NOT NULL REFERENCES billing_groups(id) ON DELETE CASCADE,
  period text NOT NULL,
  last_value integer NOT NULL CHECK (last_value > 0),
  PRIMARY KEY (group_id, period)
);

CREATE TABLE billing_invoices (
  id uuid PRIMARY KEY,
  group_id uuid NOT NULL REFERENCES billing_groups(id),
  customer_id uuid NOT NULL REFERENCES billing_accounts(id) ON DELETE CASCADE,
  number text NOT NULL,
  period text NOT NULL,
  sequence integer NOT NULL,
  issued_on date NOT NULL,
  due_on date NOT NULL,
  currency char(3) NOT NULL,
  lines jsonb NOT NULL,
  total_minor bigint NOT NULL CHECK (total_minor >= 0),
  paid_minor bigint NOT NULL DEFAULT 0 CHECK (paid_minor >= 0 AND paid_minor <= total_minor),
  status text NOT NULL CHECK (status IN ('open', 'paid', 'cancelled')),
  paid_on date,
  variable_symbol text NOT NULL,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  -- What backs the counter: never one number twice in a group.
  CONSTRAINT billing_invoices_number UNIQUE (group_id, number),
  CONSTRAINT billing_invoices_sequence UNIQUE (group_id, period, sequence)
);
CREATE INDEX billing_invoices_customer ON billing_invoices (customer_id, issued_on DESC, id DESC);
-- Matching takes a customer's open invoices oldest first; suspension looks for the oldest one.
CREATE INDEX billing_invoices_open ON billing_invoices (customer_id, due_on, id) WHERE status = 'open';
CREATE INDEX billing_invoices_list ON billing_invoices (id DESC);
CREATE INDEX billing_invoices_status ON billing_invoices (status, id DESC);
CREATE INDEX billing_invoices_issued ON billing_invoices (issued_on, id);
CREATE INDEX billing_invoices_due ON billing_invoices (due_on, id);
CREATE INDEX billing_invoices_group_list ON billing_invoices (group_id, id DESC);

CREATE TABLE billing_statements (
  id uuid PRIMARY KEY,
  format text NOT NULL CHECK (format IN ('gpc', 'camt053')),
  -- SHA-256 of the file: the same statement imported twice is recognised and changes nothing.
  digest text NOT NULL UNIQUE,
  account text,
  reference text,
  statement_date date,
  group_id uuid REFERENCES billing_groups(id) ON DELETE SET NULL,
  -- The file as received, kept until the queued import has run (and after, as the evidence).
  file bytea NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'imported')),
  skipped_count integer NOT NULL DEFAULT 0,
  payment_count integer NOT NULL DEFAULT 0,
  matched_count integer NOT NULL DEFAULT 0,
  imported_by uuid REFERENCES users(id) ON DELETE SET NULL,
  imported_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX billing_statements_list ON billing_statements (id DESC);

CREATE TABLE billing_payments (
  id uuid PRIMARY KEY,
  statement_id uuid NOT NULL REFERENCES billing_statements(id) ON DELETE CASCADE,
  -- The account and the bank's own reference of the movement: a payment listed again in a
  -- later (overlapping) statement is kept once.
  bank_key text NOT NULL UNIQUE,
  received_on date NOT NULL,
  amount_minor bigint NOT NULL CHECK (amount_minor > 0),
  -- How much of it has paid invoices; the rest is the customer's credit.
  allocated_minor bigint NOT NULL DEFAULT 0 CHECK (allocated_minor >= 0 AND allocated_minor <= amount_minor),
  currency char(3) NOT NULL,
  variable_symbol text,
  counter_account text,
  counter_name text,
  message text,
  -- The group whose account received it: who may work the unmatched queue for it.
  group_id uuid REFERENCES billing_groups(id) ON DELETE SET NULL,
  customer_id uuid REFERENCES billing_accounts(id) ON DELETE SET NULL,
  matched_by text CHECK (matched_by IN ('symbol', 'person')),
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX billing_payments_unmatched ON billing_payments (received_on, id) WHERE customer_id IS NULL;
CREATE INDEX billing_payments_customer ON billing_payments (customer_id, received_on, id);
-- Payments with money left to spend: what allocation reads, however long a customer's history.
CREATE INDEX billing_payments_free ON billing_payments (customer_id) WHERE allocated_minor < amount_minor;
CREATE INDEX billing_payments_statement ON billing_payments (statement_id, id);

CREATE TABLE billing_allocations (
  id uuid PRIMARY KEY,
  payment_id uuid NOT NULL REFERENCES billing_payments(id) ON DELETE CASCADE,
  invoice_id uuid NOT NULL REFERENCES billing_invoices(id) ON DELETE CASCADE,
  amount_minor bigint NOT NULL CHECK (amount_minor > 0),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX billing_allocations_payment ON billing_allocations (payment_id);
CREATE INDEX billing_allocations_invoice ON billing_allocations (invoice_id);

-- Derived from invoices and payments, refreshed set-based; read by the card, lists and other
-- plugins (the helpdesk sorts by score). Indexed for the list's filters and sorts.
CREATE TABLE billing_standings (
  customer_id uuid PRIMARY KEY REFERENCES billing_accounts(id) ON DELETE CASCADE,
  invoiced_minor bigint NOT NULL DEFAULT 0,
  paid_minor bigint NOT NULL DEFAULT 0,
  balance_minor bigint NOT NULL DEFAULT 0,
  score_total integer NOT NULL DEFAULT 0,
  scored_invoices integer NOT NULL DEFAULT 0,
  score_average numeric(12, 2),
  refreshed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX billing_standings_balance ON billing_standings (balance_minor, customer_id);
CREATE INDEX billing_standings_score ON billing_standings (score_total, customer_id);
CREATE INDEX billing_standings_average ON billing_standings (score_average, customer_id);

-- The accounts list: profile flags, the customer's name (its scope node's label) and standing.
CREATE VIEW billing_account_rows AS
SELECT a.id, a.group_id, a.customer_number, a.non_payer, a.never_suspend, n.label AS customer_name, n.disabled_at,
       COALESCE(s.balance_minor, 0) AS balance_minor, COALESCE(s.score_total, 0) AS score_total, s.score_average
  FROM billing_accounts a
  JOIN scope_nodes n ON n.id = a.id
  LEFT JOIN billing_standings s ON s.customer_id = a.id;
`,
};
