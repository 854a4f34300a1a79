import type { MigrationDefinition } from '@clientele/core';

/**
 * The contacts schema. Customers carry two columns PostgreSQL maintains itself, so every
 * writer (API, import with COPY) gets them right: `name_normalized` (lower + unaccent, "C"
 * collation so one btree serves both ORDER BY and LIKE 'prefix%') and `search_terms` (e-mails,
 * phones and tax IDs in their normal forms, one GIN index for "find by any identifier").
 */
export const contactsSchema: MigrationDefinition = {
  name: '0001-contacts',
  up: `
CREATE TABLE contacts_address_books (
  id uuid PRIMARY KEY,
  name text NOT NULL,
  description text NOT NULL DEFAULT '',
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz,
  deleted_by uuid
);

CREATE TABLE contacts_service_templates (
  id uuid PRIMARY KEY,
  code text NOT NULL UNIQUE,
  name text NOT NULL,
  default_settings jsonb NOT NULL DEFAULT '{}',
  is_active boolean NOT NULL DEFAULT true,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE contacts_customer_states (
  id uuid PRIMARY KEY,
  code text NOT NULL UNIQUE,
  name text NOT NULL,
  color text,
  position integer NOT NULL DEFAULT 0,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO contacts_customer_states (id, code, name, color, position) VALUES
  (clientele_uuid_v7(), 'connected', 'Connected', '#2e7d32', 1),
  (clientele_uuid_v7(), 'disconnected', 'Disconnected', '#757575', 2),
  (clientele_uuid_v7(), 'limited', 'Limited', '#f9a825', 3),
  (clientele_uuid_v7(), 'non_payer', 'Non-payer', '#c62828', 4);

CREATE TABLE contacts_support_parameters (
  id uuid PRIMARY KEY,
  code text NOT NULL UNIQUE CHECK (code ~ '^[a-z][a-z0-9_]{0,62}$'),
  name text NOT NULL,
  position smallint NOT NULL UNIQUE CHECK (position BETWEEN 1 AND 7),
  visible_to_customer boolean NOT NULL DEFAULT false,
  visible_to_staff boolean NOT NULL DEFAULT true,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Customer numbers ever handed out, explicit ones included; rows outlive purged customers.
CREATE SEQUENCE contacts_customer_number_seq;
CREATE TABLE contacts_customer_numbers (
  number text COLLATE "C" PRIMARY KEY,
  customer_id uuid NOT NULL,
  assigned_at timestamptz NOT NULL DEFAULT now()
);

-- Identifiers a search term may equal: e-mails (lower case), phones (E.164), tax IDs (upper, no spaces).
CREATE FUNCTION contacts_search_terms(emails text[], phones text[], tax_ids jsonb) RETURNS text[]
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT ARRAY(
    SELECT DISTINCT t FROM (
      SELECT lower(e) AS t FROM unnest(emails) e
      UNION ALL SELECT p FROM unnest(phones) p
      UNION ALL SELECT upper(regexp_replace(x->>'value', '[\\s/-]', '', 'g')) FROM jsonb_array_elements(tax_ids) x
    ) terms WHERE t IS NOT NULL AND t <> '') $$;

CREATE TABLE contacts_customers (
  id uuid PRIMARY KEY,
  number text COLLATE "C" NOT NULL UNIQUE,
  address_book_id uuid NOT NULL REFERENCES contacts_address_books(id),
  name text NOT NULL,
  name_normalized text COLLATE "C" GENERATED ALWAYS AS (clientele_normalize(name)) STORED,
  legal_form text NOT NULL DEFAULT 'company' CHECK (legal_form IN ('person', 'company')),
  representative text,
  street text,
  city text,
  postcode text,
  country text,
  region text,
  latitude double precision CHECK (latitude BETWEEN -90 AND 90),
  longitude double precision CHECK (longitude BETWEEN -180 AND 180),
  email text,
  billing_email text,
  technical_email text,
  business_email text,
  phone text,
  mobile text,
  web text,
  state_id uuid REFERENCES contacts_customer_states(id),
  tax_ids jsonb NOT NULL DEFAULT '[]',
  bank_account text,
  iban text,
  bic text,
  contract_returned_on date,
  account_manager_id uuid REFERENCES users(id),
  support_specialist_id uuid REFERENCES users(id),
  support_values jsonb NOT NULL DEFAULT '{}',
  custom_fields jsonb NOT NULL DEFAULT '{}',
  search_terms text[] GENERATED ALWAYS AS (contacts_search_terms(
    ARRAY[email, billing_email, technical_email, business_email], ARRAY[phone, mobile], tax_ids)) STORED,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz,
  deleted_by uuid
);
-- Sorts and prefix search; every list filter leads an index that is also ordered by name.
CREATE INDEX contacts_customers_name ON contacts_customers (name_normalized, id);
CREATE INDEX contacts_customers_name_trgm ON contacts_customers USING gin (name_normalized gin_trgm_ops);
CREATE INDEX contacts_customers_created ON contacts_customers (created_at, id);
CREATE INDEX contacts_customers_terms ON contacts_customers USING gin (search_terms);
CREATE INDEX contacts_customers_book ON contacts_customers (address_book_id, name_normalized, id);
CREATE INDEX contacts_customers_state ON contacts_customers (state_id, name_normalized, id);
CREATE INDEX contacts_customers_manager ON contacts_customers (account_manager_id, name_normalized, id) WHERE account_manager_id IS NOT NULL;
CREATE INDEX contacts_customers_specialist ON contacts_customers (support_specialist_id, name_normalized, id) WHERE support_specialist_id IS NOT NULL;
CREATE INDEX contacts_customers_support ON contacts_customers USING gin (support_values jsonb_path_ops);
CREATE INDEX contacts_customers_custom ON contacts_customers USING gin (custom_fields jsonb_path_ops);
CREATE INDEX contacts_customers_deleted ON contacts_customers (deleted_at) WHERE deleted_at IS NOT NULL;

CREATE TABLE contacts_consumers (
  id uuid PRIMARY KEY,
  customer_id uuid NOT NULL REFERENCES contacts_customers(id) ON DELETE CASCADE,
  name text NOT NULL,
  is_default boolean NOT NULL DEFAULT false,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz,
  deleted_by uuid
);
CREATE INDEX contacts_consumers_customer ON contacts_consumers (customer_id, name, id);

CREATE TABLE contacts_services (
  id uuid PRIMARY KEY,
  consumer_id uuid NOT NULL REFERENCES contacts_consumers(id) ON DELETE CASCADE,
  customer_id uuid NOT NULL REFERENCES contacts_customers(id) ON DELETE CASCADE,
  template_id uuid NOT NULL REFERENCES contacts_service_templates(id),
  name text NOT NULL,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended', 'disconnected')),
  settings jsonb NOT NULL DEFAULT '{}',
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz,
  deleted_by uuid
);
CREATE INDEX contacts_services_consumer ON contacts_services (consumer_id, name, id);
CREATE INDEX contacts_services_customer ON contacts_services (customer_id);

CREATE TABLE contacts_service_periods (
  id uuid PRIMARY KEY,
  service_id uuid NOT NULL REFERENCES contacts_services(id) ON DELETE CASCADE,
  template_id uuid NOT NULL REFERENCES contacts_service_templates(id),
  connected_at timestamptz NOT NULL DEFAULT now(),
  disconnected_at timestamptz
);
CREATE INDEX contacts_service_periods_service ON contacts_service_periods (service_id, connected_at);

CREATE TABLE contacts_contact_persons (
  id uuid PRIMARY KEY,
  customer_id uuid NOT NULL REFERENCES contacts_customers(id) ON DELETE CASCADE,
  name text NOT NULL,
  position text,
  email text,
  secondary_email text,
  phone text,
  mobile text,
  is_employee boolean NOT NULL DEFAULT false,
  user_id uuid REFERENCES users(id) ON DELETE SET NULL,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz,
  deleted_by uuid
);
CREATE INDEX contacts_contact_persons_customer ON contacts_contact_persons (customer_id, name, id);
CREATE UNIQUE INDEX contacts_contact_persons_user ON contacts_contact_persons (user_id) WHERE user_id IS NOT NULL;
`,
};
