import { createdChangesSql } from '../billing-sql.js';

/**
 * Inserts a batch of a statement's credits, naming each one's customer by its variable symbol
 * (the customer number or an extra symbol). A payment whose bank key is already stored (the
 * same movement in an earlier, overlapping statement) is left out.
 * $1 statement, $2 receiving group, $3… the columns as arrays.
 */
export const insertPaymentsSql = `
INSERT INTO billing_payments (id, statement_id, bank_key, received_on, amount_minor, currency, variable_symbol, counter_account,
                              counter_name, message, group_id, customer_id, matched_by)
SELECT clientele_uuid_v7(), $1, e.bank_key, e.received_on, e.amount_minor, e.currency, e.variable_symbol, e.counter_account,
       e.counter_name, e.message, $2, v.customer_id, CASE WHEN v.customer_id IS NOT NULL THEN 'symbol' END
  FROM unnest($3::text[], $4::date[], $5::bigint[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[])
       AS e(bank_key, received_on, amount_minor, currency, variable_symbol, counter_account, counter_name, message)
  LEFT JOIN billing_variable_symbols v ON v.symbol = e.variable_symbol
ON CONFLICT (bank_key) DO NOTHING`;

/** One "create" history entry per payment the statement added, on the customer when matched. $2 is the actor. */
export const paymentsHistorySql = `
INSERT INTO history (id, entity_type, entity_id, node_id, actor_id, action, changes)
SELECT clientele_uuid_v7(), 'payment', p.id, COALESCE(p.customer_id, p.group_id, $3::uuid), $2::uuid, 'create', ${createdChangesSql(
  {
    receivedOn: 'p.received_on',
    amountMinor: 'p.amount_minor',
    currency: 'p.currency',
    variableSymbol: 'p.variable_symbol',
    counterAccount: 'p.counter_account',
    counterName: 'p.counter_name',
    customerId: 'p.customer_id',
    matchedBy: 'p.matched_by',
  },
)}
  FROM billing_payments p
 WHERE p.statement_id = $1`;

/** The customers a statement's payments named. */
export const statementCustomersSql = `
SELECT COALESCE(array_agg(DISTINCT customer_id) FILTER (WHERE customer_id IS NOT NULL), '{}') AS customers
  FROM billing_payments WHERE statement_id = $1`;

/** The statement's figures. */
export const statementTotalsSql = `
WITH counted AS (
  SELECT count(*) AS payments, count(customer_id) AS matched FROM billing_payments WHERE statement_id = $1
)
UPDATE billing_statements s SET payment_count = c.payments, matched_count = c.matched, skipped_count = $2, status = 'imported'
  FROM counted c WHERE s.id = $1
RETURNING s.payment_count, s.matched_count`;

/** The group whose bank account a statement is of: by IBAN, or by the account number a Czech IBAN ends with (GPC names no IBAN). */
export const groupOfAccountSql = `
SELECT g.id FROM billing_groups g
 WHERE g.deleted_at IS NULL
   AND EXISTS (SELECT 1 FROM unnest(g.ibans) iban
                WHERE iban = $1 OR (iban LIKE 'CZ%' AND ltrim(right(iban, 16), '0') = ltrim($1, '0')))
 ORDER BY g.id LIMIT 1`;
