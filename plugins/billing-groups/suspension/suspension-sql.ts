/**
 * Who may be suspendable: per customer with open invoices, the amount still unpaid and the
 * oldest due date (from the open invoices' index alone), kept when over the minimum and overdue
 * by the fewest days any customer is allowed — so only the few candidates meet their accounts.
 * `$1` the system's days overdue, `$2` the minimum debt in minor units.
 */
const owing = `
  SELECT i.customer_id, sum(i.total_minor - i.paid_minor) AS owed, min(i.due_on) AS oldest_due
    FROM billing_invoices i
   WHERE i.status = 'open'
   GROUP BY i.customer_id
  HAVING sum(i.total_minor - i.paid_minor) > $2::bigint
     AND min(i.due_on) < current_date - (SELECT least($1::int, min(suspend_after_days)) FROM billing_accounts)`;

/** Overdue beyond the customer's (else the system's) days, owing more than the minimum, not exempt. */
const suspendable = `d.oldest_due < current_date - COALESCE(a.suspend_after_days, $1::int) AND d.owed > $2::bigint AND NOT a.never_suspend`;

/** The dry run: who the job would suspend now, longest overdue first. `$3` limit. */
export const suspensionPreviewSql = `
WITH d AS (${owing})
SELECT a.id AS "customerId", n.label AS "customerName", a.customer_number AS "customerNumber", d.owed::float8 AS "owedMinor",
       to_char(d.oldest_due, 'YYYY-MM-DD') AS "oldestDueOn", (current_date - d.oldest_due) AS "daysOverdue",
       count(*) OVER ()::int AS total
  FROM d JOIN billing_accounts a ON a.id = d.customer_id JOIN scope_nodes n ON n.id = a.id
 WHERE NOT a.non_payer AND n.disabled_at IS NULL AND ${suspendable}
 ORDER BY d.oldest_due, a.id
 LIMIT $3`;

/** Marks the non-payers, with their history; returns who and what they owe. `$3` actor. */
export const markNonPayersSql = `
WITH d AS (${owing}),
marked AS (
  UPDATE billing_accounts a SET non_payer = true, suspended_at = now(), version = a.version + 1, updated_at = now()
    FROM d, scope_nodes n
   WHERE a.id = d.customer_id AND n.id = a.id AND n.disabled_at IS NULL AND NOT a.non_payer AND ${suspendable}
  RETURNING a.id, a.customer_number, d.owed, a.suspended_at
), logged AS (
  INSERT INTO history (id, entity_type, entity_id, node_id, actor_id, action, changes)
  SELECT clientele_uuid_v7(), 'billing_account', id, id, $3::uuid, 'update',
         jsonb_build_object('nonPayer', jsonb_build_object('before', false, 'after', true),
                            'suspendedAt', jsonb_build_object('before', NULL, 'after', suspended_at))
    FROM marked
)
SELECT id, customer_number, owed::float8 AS owed FROM marked`;

/** Remembers what suspending changed (from contacts' answer), for the restore. */
export const rememberSuspensionSql = `
UPDATE billing_accounts a SET state_before_suspension = r.state_id, suspended_service_ids = r.service_ids
  FROM (SELECT unnest($1::uuid[]) AS id, unnest($2::uuid[]) AS state_id, unnest($3::text[])::uuid[] AS service_ids) r
 WHERE a.id = r.id`;

/**
 * Non-payers who no longer qualify — paid, overdue no longer, owing no more than the minimum,
 * or exempted since — back to normal, with history; returns what to restore in contacts. Each
 * non-payer's open invoices are summed by its own index probe (LATERAL): the non-payers were
 * marked in this very transaction, so the planner's statistics know none of them, and a grouped
 * join it takes for one row is run again for every row (3 minutes for 10,000 at 1M customers).
 */
export const clearNonPayersSql = `
WITH cleared AS (
  SELECT a.id, a.customer_number, COALESCE(d.owed, 0) AS owed, a.suspended_at, a.state_before_suspension, a.suspended_service_ids
    FROM billing_accounts a
    CROSS JOIN LATERAL (
      SELECT sum(i.total_minor - i.paid_minor) AS owed, min(i.due_on) AS oldest_due
        FROM billing_invoices i WHERE i.customer_id = a.id AND i.status = 'open') d
   WHERE a.non_payer AND (d.oldest_due IS NULL OR NOT (${suspendable}))
), restored AS (
  UPDATE billing_accounts a
     SET non_payer = false, suspended_at = NULL, state_before_suspension = NULL, suspended_service_ids = '{}', version = a.version + 1, updated_at = now()
    FROM cleared c WHERE a.id = c.id
  RETURNING a.id
), logged AS (
  INSERT INTO history (id, entity_type, entity_id, node_id, actor_id, action, changes)
  SELECT clientele_uuid_v7(), 'billing_account', id, id, $3::uuid, 'update',
         jsonb_build_object('nonPayer', jsonb_build_object('before', true, 'after', false),
                            'suspendedAt', jsonb_build_object('before', suspended_at, 'after', NULL))
    FROM cleared
)
SELECT c.id, c.customer_number, c.owed::float8 AS owed, c.state_before_suspension, c.suspended_service_ids
  FROM cleared c JOIN restored r ON r.id = c.id`;
