import type { MigrationDefinition } from '../plugin/plugin.types.js';
import { SETTINGS_CHANGES_CHANNEL } from '../database/listening-client.js';

/**
 * One row of typed settings per plugin. Every server process keeps them in memory; a change
 * announces itself on a channel, whichever process or tool wrote it, so each process reads
 * the plugin's row again before its next use.
 */
export const settingsSchema: MigrationDefinition = {
  name: '0003-settings',
  up: `
CREATE TABLE settings (
  id uuid PRIMARY KEY,
  plugin text NOT NULL UNIQUE,
  value jsonb NOT NULL DEFAULT '{}',
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE FUNCTION clientele_notify_settings_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('${SETTINGS_CHANGES_CHANNEL}', TG_TABLE_NAME);
  RETURN NULL;
END $$;

CREATE TRIGGER settings_changed AFTER INSERT OR UPDATE OR DELETE ON settings
  FOR EACH STATEMENT EXECUTE FUNCTION clientele_notify_settings_change();
CREATE TRIGGER settings_truncated AFTER TRUNCATE ON settings FOR EACH STATEMENT EXECUTE FUNCTION clientele_notify_settings_change();
`,
};
