import { AccessService, RequestContext, SYSTEM_NODE_ID } from '@clientele/core';
import type { DataSource } from 'typeorm';

export type Held = Set<string> | '*';

/** Permissions the user holds on at least one live node: what the navigation and "New" buttons may offer. */
export async function permissionsHeldAnywhere(db: DataSource, ctx: RequestContext): Promise<Held> {
  if (ctx.isMasterAdmin) return '*';
  if (!ctx.user) return new Set();
  const rows: { permission: string }[] = await db.query(
    `SELECT DISTINCT unnest(r.permissions) AS permission
       FROM grants g JOIN roles r ON r.id = g.role_id JOIN scope_nodes n ON n.id = g.node_id
      WHERE n.disabled_at IS NULL
        AND (g.user_id = $1 OR g.group_id IN (SELECT m.group_id FROM user_group_members m WHERE m.user_id = $1))`,
    [ctx.user.id],
  );
  return new Set(rows.map((r) => r.permission));
}

export const holds = (held: Held | string[], permission: string | undefined) =>
  !!permission && (held === '*' || (Array.isArray(held) ? held.includes(permission) : held.has(permission)));

/** Permissions at one record's node: which of edit, delete and restore to offer on it. */
export async function permissionsAtRecord(access: AccessService, ctx: RequestContext, nodeId: unknown): Promise<Held | string[]> {
  return access.permissionsAt(ctx, typeof nodeId === 'string' && nodeId ? nodeId : SYSTEM_NODE_ID);
}
