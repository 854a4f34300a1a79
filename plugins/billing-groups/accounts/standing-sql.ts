/**
 * Balance and score, recomputed from invoices and payments in one statement for the customers
 * in $1 (null: every customer). Balance = paid − invoiced (cancelled invoices do not count),
 * paid being the payments received plus what imported invoices had been paid elsewhere; score
 * total = Σ (due date − payment date) in days over paid invoices, positive when paid early;
 * average = total / number of paid invoices. Rows that would not change are not written, so a
 * full refresh rewrites only what moved.
 */
export const refreshStandingsSql = `
WITH invoiced AS (
  SELECT customer_id,
         sum(total_minor) FILTER (WHERE status <> 'cancelled') AS invoiced,
         sum(paid_elsewhere_minor) FILTER (WHERE status <> 'cancelled') AS paid_elsewhere,
         sum(due_on - paid_on) FILTER (WHERE status = 'paid') AS score,
         count(*) FILTER (WHERE status = 'paid') AS scored
    FROM billing_invoices
   WHERE $1::uuid[] IS NULL OR customer_id = ANY($1::uuid[])
   GROUP BY customer_id
), paid AS (
  SELECT customer_id, sum(amount_minor) AS paid
    FROM billing_payments
   WHERE customer_id IS NOT NULL AND ($1::uuid[] IS NULL OR customer_id = ANY($1::uuid[]))
   GROUP BY customer_id
), fresh AS (
  SELECT a.id AS customer_id,
         COALESCE(i.invoiced, 0) AS invoiced_minor,
         COALESCE(p.paid, 0) + COALESCE(i.paid_elsewhere, 0) AS paid_minor,
         COALESCE(p.paid, 0) + COALESCE(i.paid_elsewhere, 0) - COALESCE(i.invoiced, 0) AS balance_minor,
         COALESCE(i.score, 0)::int AS score_total,
         COALESCE(i.scored, 0)::int AS scored_invoices,
         CASE WHEN i.scored > 0 THEN round(i.score::numeric / i.scored, 2) END AS score_average
    FROM billing_accounts a
    LEFT JOIN invoiced i ON i.customer_id = a.id
    LEFT JOIN paid p ON p.customer_id = a.id
   WHERE $1::uuid[] IS NULL OR a.id = ANY($1::uuid[])
)
INSERT INTO billing_standings AS s (customer_id, invoiced_minor, paid_minor, balance_minor, score_total, scored_invoices, score_average, refreshed_at)
SELECT customer_id, invoiced_minor, paid_minor, balance_minor, score_total, scored_invoices, score_average, now() FROM fresh
ON CONFLICT (customer_id) DO UPDATE SET
  invoiced_minor = EXCLUDED.invoiced_minor, paid_minor = EXCLUDED.paid_minor, balance_minor = EXCLUDED.balance_minor,
  score_total = EXCLUDED.score_total, scored_invoices = EXCLUDED.scored_invoices, score_average = EXCLUDED.score_average,
  refreshed_at = EXCLUDED.refreshed_at
WHERE (s.invoiced_minor, s.paid_minor, s.balance_minor, s.score_total, s.scored_invoices, s.score_average)
      IS DISTINCT FROM (EXCLUDED.invoiced_minor, EXCLUDED.paid_minor, EXCLUDED.balance_minor, EXCLUDED.score_total, EXCLUDED.scored_invoices, EXCLUDED.score_average)`;

/** One customer's standing as the card and other plugins read it (primary-key lookups only). */
export const standingSql = `
SELECT a.id AS "customerId", COALESCE(s.balance_minor, 0)::float8 AS "balanceMinor", COALESCE(s.invoiced_minor, 0)::float8 AS "invoicedMinor",
       COALESCE(s.paid_minor, 0)::float8 AS "paidMinor", COALESCE(s.score_total, 0) AS "scoreTotal", s.score_average::float8 AS "scoreAverage",
       COALESCE(s.scored_invoices, 0) AS "scoredInvoices", a.non_payer AS "nonPayer"
  FROM billing_accounts a LEFT JOIN billing_standings s ON s.customer_id = a.id
 WHERE a.id = ANY($1::uuid[])`;
