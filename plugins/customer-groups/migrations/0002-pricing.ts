/**
 * The catalogue, price lists, their place in groups, individual prices and quotes.
 *
 * `customer_groups_price_rules` is every price a customer can be offered, flattened with the
 * rank that decides between them: an individual price, or a price-list item as carried by one
 * group (the group's priority and the list's position in that group). The service rewrites a
 * group's or a list's rules in the transaction that changes them. Its exclusion constraints
 * are the tie rule itself: two rules for the same product, ranked the same, at the same
 * minimum quantity, on overlapping days, with different prices cannot both be stored — the
 * change that would create the tie fails when saved, never at sale time.
 */
export const pricingSchema = {
  name: '0002-pricing',
  up: `
CREATE TABLE customer_groups_products (
  id uuid PRIMARY KEY,
  code text NOT NULL,
  name text NOT NULL,
  unit text NOT NULL,
  base_price numeric(14,4) NOT NULL CHECK (base_price >= 0),
  currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  vat_rate numeric(5,2) NOT NULL CHECK (vat_rate >= 0 AND vat_rate < 100),
  -- A contacts service template this product prices (its code is the template's code).
  service_template_id uuid,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz,
  deleted_by uuid REFERENCES users(id) ON DELETE SET NULL
);
CREATE UNIQUE INDEX customer_groups_products_code ON customer_groups_products (lower(code)) WHERE deleted_at IS NULL;
CREATE INDEX customer_groups_products_name ON customer_groups_products (name, id) WHERE deleted_at IS NULL;

CREATE TABLE customer_groups_price_lists (
  id uuid PRIMARY KEY,
  name text NOT NULL,
  currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  valid_from date,
  valid_to date,
  validity daterange GENERATED ALWAYS AS (daterange(valid_from, valid_to, '[)')) STORED,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz,
  deleted_by uuid REFERENCES users(id) ON DELETE SET NULL,
  CONSTRAINT customer_groups_price_lists_dates CHECK (valid_from IS NULL OR valid_to IS NULL OR valid_to > valid_from)
);
CREATE INDEX customer_groups_price_lists_name ON customer_groups_price_lists (name, id) WHERE deleted_at IS NULL;

CREATE TABLE customer_groups_price_list_items (
  id uuid PRIMARY KEY,
  price_list_id uuid NOT NULL REFERENCES customer_groups_price_lists(id),
  product_id uuid NOT NULL REFERENCES customer_groups_products(id),
  price numeric(14,4) NOT NULL CHECK (price >= 0),
  min_quantity numeric(14,4) NOT NULL DEFAULT 0 CHECK (min_quantity >= 0),
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz,
  deleted_by uuid REFERENCES users(id) ON DELETE SET NULL
);
CREATE UNIQUE INDEX customer_groups_price_list_items_product ON customer_groups_price_list_items (price_list_id, product_id, min_quantity) WHERE deleted_at IS NULL;
CREATE INDEX customer_groups_price_list_items_of_product ON customer_groups_price_list_items (product_id) WHERE deleted_at IS NULL;

-- The price lists a group carries, in order (position 1 first).
CREATE TABLE customer_group_price_lists (
  id uuid PRIMARY KEY,
  group_id uuid NOT NULL REFERENCES customer_groups(id),
  price_list_id uuid NOT NULL REFERENCES customer_groups_price_lists(id),
  position integer NOT NULL CHECK (position >= 1),
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz,
  deleted_by uuid REFERENCES users(id) ON DELETE SET NULL
);
CREATE UNIQUE INDEX customer_group_price_lists_position ON customer_group_price_lists (group_id, position) WHERE deleted_at IS NULL;
CREATE UNIQUE INDEX customer_group_price_lists_list ON customer_group_price_lists (group_id, price_list_id) WHERE deleted_at IS NULL;
CREATE INDEX customer_group_price_lists_of_list ON customer_group_price_lists (price_list_id) WHERE deleted_at IS NULL;

CREATE TABLE customer_groups_individual_prices (
  id uuid PRIMARY KEY,
  customer_id uuid NOT NULL REFERENCES scope_nodes(id) ON DELETE CASCADE,
  product_id uuid NOT NULL REFERENCES customer_groups_products(id),
  price numeric(14,4) NOT NULL CHECK (price >= 0),
  currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  min_quantity numeric(14,4) NOT NULL DEFAULT 0 CHECK (min_quantity >= 0),
  valid_from date,
  valid_to date,
  validity daterange GENERATED ALWAYS AS (daterange(valid_from, valid_to, '[)')) STORED,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz,
  deleted_by uuid REFERENCES users(id) ON DELETE SET NULL,
  CONSTRAINT customer_groups_individual_prices_dates CHECK (valid_from IS NULL OR valid_to IS NULL OR valid_to > valid_from)
);
CREATE INDEX customer_groups_individual_prices_customer ON customer_groups_individual_prices (customer_id, product_id) WHERE deleted_at IS NULL;

CREATE TABLE customer_groups_price_rules (
  -- The price-list item or the individual price.
  rule_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('individual', 'list')),
  customer_id uuid,
  group_id uuid,
  group_priority integer,
  list_position integer,
  price_list_id uuid,
  product_id uuid NOT NULL,
  min_quantity numeric(14,4) NOT NULL,
  validity daterange NOT NULL,
  price numeric(14,4) NOT NULL,
  currency text NOT NULL,
  CONSTRAINT customer_groups_price_rules_shape CHECK (
    (kind = 'individual' AND customer_id IS NOT NULL AND group_id IS NULL)
    OR (kind = 'list' AND customer_id IS NULL AND group_id IS NOT NULL AND group_priority IS NOT NULL AND list_position IS NOT NULL)),
  CONSTRAINT customer_groups_list_rule_tie EXCLUDE USING gist (
    product_id WITH =, group_priority WITH =, list_position WITH =, min_quantity WITH =, validity WITH &&, price WITH <>) WHERE (kind = 'list'),
  CONSTRAINT customer_groups_individual_rule_tie EXCLUDE USING gist (
    customer_id WITH =, product_id WITH =, min_quantity WITH =, validity WITH &&, price WITH <>) WHERE (kind = 'individual')
);
CREATE UNIQUE INDEX customer_groups_price_rules_id ON customer_groups_price_rules (rule_id, group_id) NULLS NOT DISTINCT;
-- A customer's prices: the rules of its groups, and its own.
CREATE INDEX customer_groups_price_rules_group ON customer_groups_price_rules (group_id, product_id) WHERE kind = 'list';
CREATE INDEX customer_groups_price_rules_customer ON customer_groups_price_rules (customer_id, product_id) WHERE kind = 'individual';
CREATE INDEX customer_groups_price_rules_list ON customer_groups_price_rules (price_list_id) WHERE kind = 'list';

-- A price once quoted: the rule that decided is kept with the price, so later changes to lists never change it.
CREATE TABLE customer_groups_quotes (
  id uuid PRIMARY KEY,
  customer_id uuid NOT NULL REFERENCES scope_nodes(id) ON DELETE CASCADE,
  product_id uuid NOT NULL REFERENCES customer_groups_products(id),
  quantity numeric(14,4) NOT NULL,
  priced_on date NOT NULL,
  unit_price numeric(14,4) NOT NULL,
  currency text NOT NULL,
  rule_kind text NOT NULL CHECK (rule_kind IN ('individual', 'list', 'base')),
  rule_id uuid,
  price_list_id uuid,
  group_id uuid,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX customer_groups_quotes_customer ON customer_groups_quotes (customer_id, id DESC);
`,
};
