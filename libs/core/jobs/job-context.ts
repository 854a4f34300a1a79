import type { DataSource } from 'typeorm';
import { Principal, RequestContext } from '../auth/request-context.js';
import { refused } from '../errors/app-error.js';

/**
 * The context a job acts in for the user who started it, read when the job runs: a user
 * deactivated (or whose home node was deleted) since then no longer acts, and the job fails
 * with that reason. Without a user the job acts as the system.
 */
export async function actingAs(db: DataSource, userId: string | null): Promise<RequestContext> {
  if (!userId) return RequestContext.system();
  const [row] = await db.query(
    `SELECT u.id, u.email, u.display_name, u.is_master_admin, u.home_node_id, u.activated_at, u.preferences
       FROM users u LEFT JOIN scope_nodes home ON home.id = u.home_node_id
      WHERE u.id = $1 AND u.is_active AND home.disabled_at IS NULL`,
    [userId],
  );
  if (!row) throw refused('USER_INACTIVE', 'The user who started the job can no longer act');
  const principal: Principal = {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    isMasterAdmin: row.is_master_admin,
    homeNodeId: row.home_node_id,
    activated: row.activated_at !== null,
    preferences: row.preferences,
    tokenId: '',
    tokenKind: 'session',
  };
  return new RequestContext(principal, 'job');
}
