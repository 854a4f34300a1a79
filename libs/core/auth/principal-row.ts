import type { Principal } from './request-context.js';

/**
 * The user columns a principal is built from, for `FROM users u LEFT JOIN scope_nodes home ON
 * home.id = u.home_node_id`; with `ACTIVE_USER`, only a user who may act now: active, and whose
 * home node was not deleted.
 */
export const PRINCIPAL_COLUMNS = `u.id, u.email, u.display_name, u.is_master_admin, u.home_node_id, u.activated_at, u.preferences`;
export const ACTIVE_USER = `u.is_active AND home.disabled_at IS NULL`;

export interface PrincipalRow {
  id: string;
  email: string;
  display_name: string;
  is_master_admin: boolean;
  home_node_id: string | null;
  activated_at: Date | null;
  preferences: Record<string, unknown>;
}

/** A principal from a row of `PRINCIPAL_COLUMNS`, acting through the given token (none for a job). */
export function principalFrom(
  row: PrincipalRow,
  token: { id: string; kind: Principal['tokenKind'] } = { id: '', kind: 'session' },
): Principal {
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    isMasterAdmin: row.is_master_admin,
    homeNodeId: row.home_node_id,
    activated: row.activated_at !== null,
    preferences: row.preferences,
    tokenId: token.id,
    tokenKind: token.kind,
  };
}
