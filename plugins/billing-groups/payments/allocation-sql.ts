import { changesSql } from '../billing-sql.js';

/**
 * Allocates the free money of the customers in $1 (what their payments have not yet paid) to their
 * open invoices, oldest due first, in one statement. Each customer's free payments (oldest
 * first) and open amounts (oldest due first) are laid end to end as running totals; a payment
 * pays an invoice exactly where the two ranges overlap. A payment larger than what is owed
 * leaves the rest free (an overpayment, spent on the next invoice); a smaller one pays part.
 * Invoices fully paid turn `paid` on the date of the payment that completed them, and add to
 * their customer's score; a statement's payments ($3, else null) add to their customers' paid
 * amount and balance in the same pass. Each invoice change is written to history ($2 is the
 * actor). Callers lock the customers' accounts first (`lockAccountsSql`), so two allocations
 * never spend the same money.
 *
 * Rows are written in the order of the keys of the indexes they touch most (invoices by id,
 * payments and standings by customer, allocations by invoice): a hundred thousand scattered
 * writes into indexes of millions of rows then read and dirty each index page once, in order,
 * instead of fetching pages at random (profiled at 1M customers: the invoices' update 20 s → 7 s).
 */
export const allocateSql = `
WITH customers AS (SELECT DISTINCT unnest($1::uuid[]) AS id),
pay AS (
  SELECT p.id, p.customer_id, p.currency, p.received_on,
         sum(p.amount_minor - p.allocated_minor) OVER w - (p.amount_minor - p.allocated_minor) AS lo,
         sum(p.amount_minor - p.allocated_minor) OVER w AS hi
    FROM billing_payments p
   WHERE p.customer_id IN (SELECT id FROM customers) AND p.allocated_minor < p.amount_minor
  WINDOW w AS (PARTITION BY p.customer_id, p.currency ORDER BY p.received_on, p.id)
),
owed AS (
  SELECT i.id, i.customer_id, i.currency,
         sum(i.total_minor - i.paid_minor) OVER w - (i.total_minor - i.paid_minor) AS lo,
         sum(i.total_minor - i.paid_minor) OVER w AS hi
    FROM billing_invoices i
   WHERE i.status = 'open' AND i.total_minor > i.paid_minor AND i.customer_id IN (SELECT id FROM customers)
  WINDOW w AS (PARTITION BY i.customer_id, i.currency ORDER BY i.due_on, i.issued_on, i.sequence, i.id)
),
pairs AS (
  SELECT p.id AS payment_id, o.id AS invoice_id, p.customer_id, p.received_on, least(p.hi, o.hi) - greatest(p.lo, o.lo) AS amount
    FROM pay p JOIN owed o ON o.customer_id = p.customer_id AND o.currency = p.currency AND o.lo < p.hi AND p.lo < o.hi
),
allocated AS (
  INSERT INTO billing_allocations (id, payment_id, invoice_id, amount_minor)
  SELECT clientele_uuid_v7(), payment_id, invoice_id, amount FROM pairs ORDER BY invoice_id
),
per_invoice AS (
  SELECT invoice_id, sum(amount) AS amount, max(received_on) AS last_received FROM pairs GROUP BY invoice_id ORDER BY invoice_id
),
spent AS (
  UPDATE billing_payments p SET allocated_minor = p.allocated_minor + a.amount
    FROM (SELECT customer_id, payment_id, sum(amount) AS amount FROM pairs GROUP BY customer_id, payment_id ORDER BY customer_id) a
   WHERE p.id = a.payment_id
),
updated AS (
  UPDATE billing_invoices i
     SET paid_minor = i.paid_minor + pi.amount,
         status = CASE WHEN i.paid_minor + pi.amount = i.total_minor THEN 'paid' ELSE 'open' END,
         paid_on = CASE WHEN i.paid_minor + pi.amount = i.total_minor THEN pi.last_received END,
         version = i.version + 1, updated_at = now()
    FROM per_invoice pi
   WHERE i.id = pi.invoice_id
  RETURNING i.id, i.customer_id, i.paid_minor, i.status, i.due_on, i.paid_on, pi.amount
),
-- Invoices paid now add to their customers' score at once, and a statement's payments ($3) to
-- their paid amount and balance, in one pass over the standings (other writers refresh them).
scored AS (
  UPDATE billing_standings s
     SET paid_minor = s.paid_minor + d.received, balance_minor = s.balance_minor + d.received,
         score_total = s.score_total + d.score, scored_invoices = s.scored_invoices + d.paid,
         score_average = CASE WHEN d.paid > 0 THEN round((s.score_total + d.score)::numeric / (s.scored_invoices + d.paid), 2)
                              ELSE s.score_average END,
         refreshed_at = now()
    FROM (SELECT customer_id, sum(score)::int AS score, sum(paid)::int AS paid, sum(received) AS received
            FROM (SELECT customer_id, due_on - paid_on AS score, 1 AS paid, 0 AS received FROM updated WHERE status = 'paid'
                  UNION ALL
                  SELECT customer_id, 0, 0, amount_minor FROM billing_payments WHERE statement_id = $3::uuid AND customer_id IS NOT NULL) c
           GROUP BY customer_id ORDER BY customer_id) d
   WHERE s.customer_id = d.customer_id
)
INSERT INTO history (id, entity_type, entity_id, node_id, actor_id, action, changes)
SELECT clientele_uuid_v7(), 'invoice', u.id, u.customer_id, $2::uuid, 'update', ${changesSql({
  paidMinor: { before: 'u.paid_minor - u.amount', after: 'u.paid_minor' },
  status: { before: `'open'::text`, after: 'u.status', when: `u.status = 'paid'` },
  paidOn: { before: null, after: 'u.paid_on', when: `u.status = 'paid'` },
})}
  FROM updated u`;

/** Serialises money work per customer: allocations, undoing a match, cancelling. In id order, so two lockers never deadlock. */
export const lockAccountsSql = `SELECT id FROM billing_accounts WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`;
