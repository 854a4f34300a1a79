import type { DataSource } from 'typeorm';
import { RequestContext } from '../auth/request-context.js';
import { ACTIVE_USER, PRINCIPAL_COLUMNS, principalFrom } from '../auth/principal-row.js';
import { refused } from '../errors/app-error.js';

/**
 * The context a job acts in for the user who started it, read when the job runs: a user
 * deactivated (or whose home node was deleted) since then no longer acts, and the job fails
 * with that reason. Without a user the job acts as the system.
 */
export async function actingAs(db: DataSource, userId: string | null): Promise<RequestContext> {
  if (!userId) return RequestContext.system();
  const [row] = await db.query(
    `SELECT ${PRINCIPAL_COLUMNS} FROM users u LEFT JOIN scope_nodes home ON home.id = u.home_node_id
      WHERE u.id = $1 AND ${ACTIVE_USER}`,
    [userId],
  );
  if (!row) throw refused('USER_INACTIVE', 'The user who started the job can no longer act');
  return new RequestContext(principalFrom(row), 'job');
}
