/**
 * The groups of customer `$1` on day `$2` that name someone responsible in area `$3`, by
 * priority, with the names a "why" answer shows.
 */
export const groupResponsibilitiesSql = `SELECT g.id AS group_id, g.code AS group_code, g.name AS group_name, g.priority,
       r.id AS responsibility_id, r.worker_id, r.user_group_id, r.helpdesk_area_id, ug.name AS user_group_name
  FROM customer_group_memberships m
  JOIN customer_groups g ON g.id = m.group_id AND g.deleted_at IS NULL
  JOIN customer_group_responsibilities r ON r.group_id = g.id AND r.process_area_id = $3 AND r.deleted_at IS NULL
  LEFT JOIN user_groups ug ON ug.id = r.user_group_id
 WHERE m.customer_id = $1 AND m.deleted_at IS NULL AND m.validity @> $2::date
 ORDER BY g.priority, g.code`;

export interface GroupResponsibilityRow {
  group_id: string;
  group_code: string;
  group_name: string;
  priority: number;
  responsibility_id: string;
  worker_id: string;
  user_group_id: string | null;
  helpdesk_area_id: string | null;
  user_group_name: string | null;
}

/** Active users' display names, for showing who is responsible. */
export const workerNamesSql = `SELECT id, display_name, is_active FROM users WHERE id = ANY($1::uuid[])`;
