import type { MigrationDefinition } from '../plugin/plugin.types.js';

/**
 * The table of custom-field definitions. Idempotent on purpose: every plugin that offers custom
 * fields lists this migration in its manifest, and whichever is migrated first creates it.
 */
export const customFieldsSchema: MigrationDefinition = {
  name: '0000-custom-field-definitions',
  up: `
CREATE TABLE IF NOT EXISTS custom_field_definitions (
  id uuid PRIMARY KEY,
  entity_type text NOT NULL,
  key text NOT NULL CHECK (key ~ '^[a-z][a-z0-9_]{0,62}$'),
  label text NOT NULL,
  type text NOT NULL CHECK (type IN ('text', 'number', 'boolean', 'date', 'select')),
  default_value jsonb,
  options jsonb NOT NULL DEFAULT '[]',
  required boolean NOT NULL DEFAULT false,
  position integer NOT NULL DEFAULT 0,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (entity_type, key)
);`,
};
