import { createdChangesSql } from '../billing-sql.js';

/**
 * The invoices of a batch already in their customers' groups under the same number: imported
 * before (the same file again, or an overlapping one) or issued from the group's series.
 * $1 the billing accounts' ids, $2 the numbers, pairwise.
 */
export const existingNumbersSql = `
SELECT i.group_id, i.number, i.customer_id, i.imported
  FROM unnest($1::uuid[], $2::text[]) AS b(customer_id, number)
  JOIN billing_accounts a ON a.id = b.customer_id
  JOIN billing_invoices i ON i.group_id = a.group_id AND i.number = b.number`;

/**
 * Inserts a batch of checked invoices in their customers' groups, each under its own number
 * (no number from the series). A number that another import wrote in the meantime is left
 * as it is; RETURNING names the invoices written. $1 the import, $2… the columns as arrays.
 */
export const insertImportedSql = `
INSERT INTO billing_invoices (id, group_id, customer_id, number, period, sequence, issued_on, due_on, currency, lines, total_minor,
                              paid_minor, status, paid_on, variable_symbol, imported, import_id, paid_elsewhere_minor)
SELECT clientele_uuid_v7(), a.group_id, a.id, v.number, left(v.issued_on::text, 4), NULL, v.issued_on, v.due_on,
       COALESCE(v.currency, g.currency), v.lines, v.total_minor,
       CASE WHEN v.paid OR v.total_minor = 0 THEN v.total_minor ELSE 0 END,
       CASE WHEN v.paid OR v.total_minor = 0 THEN 'paid' ELSE 'open' END,
       CASE WHEN v.paid THEN v.paid_on WHEN v.total_minor = 0 THEN v.due_on END,
       a.customer_number, true, $1, CASE WHEN v.paid THEN v.total_minor ELSE 0 END
  FROM unnest($2::uuid[], $3::text[], $4::date[], $5::date[], $6::text[], $7::jsonb[], $8::bigint[], $9::boolean[], $10::date[])
       AS v(customer_id, number, issued_on, due_on, currency, lines, total_minor, paid, paid_on)
  JOIN billing_accounts a ON a.id = v.customer_id
  JOIN billing_groups g ON g.id = a.group_id
ON CONFLICT (group_id, number) DO NOTHING
RETURNING id, number, customer_id`;

/** A "create" history entry for each invoice the batch wrote, on its customer. $1 the invoices, $2 the actor. */
export const importedHistorySql = `
INSERT INTO history (id, entity_type, entity_id, node_id, actor_id, action, changes)
SELECT clientele_uuid_v7(), 'invoice', i.id, i.customer_id, $2::uuid, 'create', ${createdChangesSql({
  number: 'i.number',
  customerId: 'i.customer_id',
  issuedOn: 'i.issued_on',
  dueOn: 'i.due_on',
  currency: 'i.currency',
  totalMinor: 'i.total_minor',
  status: 'i.status',
  paidOn: 'i.paid_on',
  imported: 'i.imported',
})}
  FROM billing_invoices i
 WHERE i.id = ANY($1::uuid[])`;
