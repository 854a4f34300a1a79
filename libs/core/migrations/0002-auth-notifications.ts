import type { MigrationDefinition } from '../plugin/plugin.types.js';
import { AUTH_CHANGES_CHANNEL } from '../database/listening-client.js';

/**
 * Every server process keeps signed-in tokens resolved in memory (AuthService). Whatever can
 * change what a token resolves to — a revoked or expired token, a deactivated or edited user,
 * a disabled or deleted home node — announces itself on a channel, whichever process or tool
 * wrote it (server, CLI, psql), so each process forgets what it resolved.
 */
export const authNotifications: MigrationDefinition = {
  name: '0002-auth-notifications',
  up: `
CREATE FUNCTION clientele_notify_auth_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('${AUTH_CHANGES_CHANNEL}', TG_TABLE_NAME);
  RETURN NULL;
END $$;

CREATE TRIGGER auth_tokens_changed AFTER UPDATE OF revoked_at, expires_at, user_id, kind, token_hash OR DELETE ON auth_tokens
  FOR EACH STATEMENT EXECUTE FUNCTION clientele_notify_auth_change();
CREATE TRIGGER auth_tokens_truncated AFTER TRUNCATE ON auth_tokens FOR EACH STATEMENT EXECUTE FUNCTION clientele_notify_auth_change();

CREATE TRIGGER users_changed AFTER UPDATE OF email, display_name, is_active, is_master_admin, activated_at, home_node_id, preferences OR DELETE ON users
  FOR EACH STATEMENT EXECUTE FUNCTION clientele_notify_auth_change();
CREATE TRIGGER users_truncated AFTER TRUNCATE ON users FOR EACH STATEMENT EXECUTE FUNCTION clientele_notify_auth_change();

CREATE TRIGGER scope_nodes_disabled AFTER UPDATE OF disabled_at OR DELETE ON scope_nodes
  FOR EACH STATEMENT EXECUTE FUNCTION clientele_notify_auth_change();
CREATE TRIGGER scope_nodes_truncated AFTER TRUNCATE ON scope_nodes FOR EACH STATEMENT EXECUTE FUNCTION clientele_notify_auth_change();
`,
};
