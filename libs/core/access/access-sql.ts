/**
 * The SQL that decides row-level access. Kept in one file so that every rule that hides or
 * shows data can be reviewed together (its EXPLAIN is in docs/access.md).
 *
 * `reachedNodes` lists the nodes where the user holds, directly or through a user group, a
 * role carrying the permission. It is uncorrelated, so PostgreSQL computes it once per
 * statement (an InitPlan); each candidate row then costs one primary-key probe into
 * scope_nodes and an array overlap. Direct and group grants are read in two branches of a
 * UNION ALL rather than one OR, so each branch is an index lookup (grants by user, grants by
 * group) instead of a scan of every grant.
 */
export const reachedNodesSql = (user: string, permission: string) => `ARRAY(
  SELECT held.node_id FROM (
      SELECT g.node_id, g.role_id FROM grants g WHERE g.user_id = ${user}
      UNION ALL
      SELECT g.node_id, g.role_id FROM user_group_members m JOIN grants g ON g.group_id = m.group_id WHERE m.user_id = ${user}
    ) held
    JOIN roles r ON r.id = held.role_id
   WHERE r.permissions @> ARRAY[${permission}]::text[]
     AND EXISTS (SELECT 1 FROM scope_nodes gn WHERE gn.id = held.node_id AND gn.disabled_at IS NULL))`;

/** True when the row whose scope node is `nodeExpr` sits at or below a node the user reaches with the permission. */
export const visibleSql = (nodeExpr: string, user: string, permission: string, includeDisabled = false) =>
  `EXISTS (SELECT 1 FROM scope_nodes acl_n WHERE acl_n.id = ${nodeExpr}${includeDisabled ? '' : ' AND acl_n.disabled_at IS NULL'}
     AND acl_n.path && ${reachedNodesSql(user, permission)})`;

/**
 * A user's reach for one permission, resolved once so a list can narrow its candidates by an
 * indexed column before the per-row check. `$1` user, `$2` permission; `parentNodes` lists the
 * (few) nodes that parent the listed rows, e.g. every address book for customers.
 * - `nodes`: the reached nodes (as in `reachedNodesSql`);
 * - `parents`: parent nodes at or below a reached node — all their rows are candidates (a deleted
 *   parent too: a row restored on its own below it is still reached from above);
 * - `finer`: reached nodes that are neither such a parent nor above one (grants on single
 *   records): rows reached through them are candidates by their own node id.
 * The parents are few, so they are probed by id. Their path test is written `IS TRUE`, which no
 * index serves: with statistics that make the held nodes look selective, the planner otherwise
 * takes the path index and reads every node below them (20,000 for two books of 10,000
 * customers: 19 ms instead of 2).
 */
export const reachSql = (
  parentNodes: string,
) => `WITH held AS (SELECT unnest(${reachedNodesSql('$1::uuid', '$2::text')}) AS node_id),
  parent AS (SELECT pn.id, pn.path FROM scope_nodes pn
              WHERE pn.id IN (${parentNodes}) AND (pn.path && ARRAY(SELECT node_id FROM held)) IS TRUE)
SELECT ARRAY(SELECT node_id FROM held) AS nodes,
       ARRAY(SELECT id FROM parent) AS parents,
       ARRAY(SELECT h.node_id FROM held h WHERE NOT EXISTS (SELECT 1 FROM parent WHERE h.node_id = ANY (parent.path))) AS finer`;

/** Like `visibleSql`, with the reached nodes already resolved and bound as the array `nodes`. */
export const visibleAmongSql = (nodeExpr: string, nodes: string) =>
  `EXISTS (SELECT 1 FROM scope_nodes acl_n WHERE acl_n.id = ${nodeExpr} AND acl_n.disabled_at IS NULL AND acl_n.path && ${nodes})`;

/** Only rows on live nodes (for master admins, who skip the grant check). */
export const liveNodeSql = (nodeExpr: string) =>
  `EXISTS (SELECT 1 FROM scope_nodes acl_n WHERE acl_n.id = ${nodeExpr} AND acl_n.disabled_at IS NULL)`;

/**
 * `$1` node, `$2` user, `$3` permission. The grant's own node must be live too: a part of the
 * tree restored on its own stays below a deleted ancestor, whose grants no longer count.
 */
export const canSql = `SELECT EXISTS (
  SELECT 1 FROM scope_nodes n
    JOIN grants g ON g.node_id = ANY (n.path)
    JOIN roles r ON r.id = g.role_id
    JOIN scope_nodes gn ON gn.id = g.node_id AND gn.disabled_at IS NULL
   WHERE n.id = $1 AND n.disabled_at IS NULL
     AND r.permissions @> ARRAY[$3]::text[]
     AND (g.user_id = $2 OR g.group_id IN (SELECT m.group_id FROM user_group_members m WHERE m.user_id = $2))
) AS allowed`;

/**
 * Does user `$1` hold permission `$2` on at least one live node (through a grant that still
 * applies)? What a route guard asks of a collection route, whose list is then restricted per row.
 */
export const holdsAnywhereSql = `SELECT cardinality(${reachedNodesSql('$1::uuid', '$2::text')}) > 0 AS held`;

/** Every permission the user holds at node `$1`; `$2` user. */
export const effectivePermissionsSql = `SELECT DISTINCT unnest(r.permissions) AS permission
  FROM scope_nodes n
  JOIN grants g ON g.node_id = ANY (n.path)
  JOIN roles r ON r.id = g.role_id
  JOIN scope_nodes gn ON gn.id = g.node_id AND gn.disabled_at IS NULL
 WHERE n.id = $1 AND n.disabled_at IS NULL
   AND (g.user_id = $2 OR g.group_id IN (SELECT m.group_id FROM user_group_members m WHERE m.user_id = $2))`;

/** Every permission user `$1` holds on at least one live node (what an interface may offer them at all). */
export const permissionsHeldAnywhereSql = `SELECT DISTINCT unnest(r.permissions) AS permission
  FROM grants g JOIN roles r ON r.id = g.role_id JOIN scope_nodes n ON n.id = g.node_id
 WHERE n.disabled_at IS NULL
   AND (g.user_id = $1 OR g.group_id IN (SELECT m.group_id FROM user_group_members m WHERE m.user_id = $1))`;

/** User `$1`'s own grants on live nodes, directly or through a group (`GET /api/me`). */
export const grantsSummarySql = `SELECT g.id, r.code AS "roleCode", r.name AS "roleName", n.id AS "nodeId", n.kind AS "nodeKind", n.label AS "nodeLabel", ug.name AS "viaGroup"
  FROM grants g JOIN roles r ON r.id = g.role_id JOIN scope_nodes n ON n.id = g.node_id
  LEFT JOIN user_groups ug ON ug.id = g.group_id
 WHERE n.disabled_at IS NULL
   AND (g.user_id = $1 OR g.group_id IN (SELECT m.group_id FROM user_group_members m WHERE m.user_id = $1))
 ORDER BY n.kind, n.label LIMIT 500`;

/** The grants that give user `$2` permission `$3` at node `$1`, with how they reach it. */
export const explainSql = `SELECT g.id AS grant_id, r.id AS role_id, r.code AS role_code, r.name AS role_name,
       gn.id AS node_id, gn.kind AS node_kind, gn.label AS node_label,
       ug.id AS group_id, ug.name AS group_name
  FROM scope_nodes n
  JOIN grants g ON g.node_id = ANY (n.path)
  JOIN roles r ON r.id = g.role_id
  JOIN scope_nodes gn ON gn.id = g.node_id AND gn.disabled_at IS NULL
  LEFT JOIN user_groups ug ON ug.id = g.group_id
 WHERE n.id = $1 AND r.permissions @> ARRAY[$3]::text[]
   AND (g.user_id = $2 OR g.group_id IN (SELECT m.group_id FROM user_group_members m WHERE m.user_id = $2))
 ORDER BY array_position(n.path, gn.id)`;
