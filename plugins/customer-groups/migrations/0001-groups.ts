/**
 * Groups and their effective-dated memberships. A group owns a scope node (its id), so rights
 * can be granted on one group; a membership points at the customer's scope node (contacts
 * keeps customer id = node id), which is all the access check needs. Validity is a half-open
 * date range [valid_from, valid_to), NULL meaning open; a customer is in a group at most once
 * on any day (exclusion constraint, hence btree_gist for the uuid equality).
 */
export const groupsSchema = {
  name: '0001-groups',
  up: `
CREATE EXTENSION IF NOT EXISTS btree_gist;

CREATE TABLE customer_groups (
  id uuid PRIMARY KEY REFERENCES scope_nodes(id),
  code text NOT NULL,
  name text NOT NULL,
  colour text,
  description text,
  priority integer NOT NULL,
  sla_contract_id uuid,
  default_sla_level text,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz,
  deleted_by uuid REFERENCES users(id) ON DELETE SET NULL
);
CREATE UNIQUE INDEX customer_groups_code ON customer_groups (lower(code)) WHERE deleted_at IS NULL;
CREATE INDEX customer_groups_priority ON customer_groups (priority, id) WHERE deleted_at IS NULL;
CREATE INDEX customer_groups_deleted_at ON customer_groups (deleted_at) WHERE deleted_at IS NOT NULL;

CREATE TABLE customer_group_memberships (
  id uuid PRIMARY KEY,
  group_id uuid NOT NULL REFERENCES customer_groups(id),
  -- The customer's scope node; removing a customer for good removes its memberships.
  customer_id uuid NOT NULL REFERENCES scope_nodes(id) ON DELETE CASCADE,
  valid_from date,
  valid_to date,
  validity daterange GENERATED ALWAYS AS (daterange(valid_from, valid_to, '[)')) STORED,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz,
  deleted_by uuid REFERENCES users(id) ON DELETE SET NULL,
  CONSTRAINT customer_group_memberships_dates CHECK (valid_from IS NULL OR valid_to IS NULL OR valid_to > valid_from),
  CONSTRAINT customer_group_memberships_overlap EXCLUDE USING gist (group_id WITH =, customer_id WITH =, validity WITH &&) WHERE (deleted_at IS NULL)
);
-- A customer's groups (card tab, prices, responsibility) and a group's members (member list, list filter).
CREATE INDEX customer_group_memberships_customer ON customer_group_memberships (customer_id, group_id) WHERE deleted_at IS NULL;
CREATE INDEX customer_group_memberships_group ON customer_group_memberships (group_id, customer_id) WHERE deleted_at IS NULL;
CREATE INDEX customer_group_memberships_deleted_at ON customer_group_memberships (deleted_at) WHERE deleted_at IS NOT NULL;
`,
};
