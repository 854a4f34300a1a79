import type { MigrationDefinition } from '../plugin/plugin.types.js';

/**
 * The table of custom-field definitions, a core entity. A plugin's migration used to create it
 * (`contacts/0000-custom-field-definitions`), so on a database that has it already this changes
 * nothing.
 */
export const customFieldDefinitionsSchema: MigrationDefinition = {
  name: '0005-custom-field-definitions',
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
