import { AccessService, RequestContext, SYSTEM_NODE_ID } from '@clientele/core';

export type Held = Set<string> | '*';

export const holds = (held: Held | string[], permission: string | undefined) =>
  !!permission && (held === '*' || (Array.isArray(held) ? held.includes(permission) : held.has(permission)));

/** Permissions at one record's node: which of edit, delete and restore to offer on it. */
export async function permissionsAtRecord(
  access: AccessService,
  ctx: RequestContext,
  nodeId: unknown,
): Promise<Held | string[]> {
  return access.permissionsAt(ctx, typeof nodeId === 'string' && nodeId ? nodeId : SYSTEM_NODE_ID);
}
