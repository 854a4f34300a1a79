import { createdChangesSql } from '../billing-sql.js';

/** The customer number as a variable symbol (see normalizeSymbol): digits only, leading zeros dropped. */
const symbolOf = (number: string) =>
  `CASE WHEN ${number} ~ '^[0-9]+$' AND ltrim(${number}, '0') ~ '^[1-9][0-9]{0,9}$' THEN ltrim(${number}, '0') END`;

/**
 * Gives every customer in `customers` (a SELECT of id, number; live customers without an
 * account) an account in group $1, its customer number as a variable symbol (unless another
 * customer quotes it already) and a "create" entry in history, all set-based. $2 is the actor.
 */
export const adoptCustomersSql = (customers: string) => `
WITH adopted AS (
  INSERT INTO billing_accounts (id, group_id, customer_number)
  SELECT c.id, $1::uuid, c.number FROM (${customers}) c
  ON CONFLICT (id) DO NOTHING
  RETURNING id, group_id, customer_number, payment_type_id, due_days, invoice_by_post, invoice_by_email, suspend_after_days,
            never_suspend, extra_variable_symbols, non_payer
), symbols AS (
  INSERT INTO billing_variable_symbols (symbol, customer_id, extra)
  SELECT ${symbolOf('customer_number')}, id, false FROM adopted WHERE ${symbolOf('customer_number')} IS NOT NULL
  ON CONFLICT (symbol) DO NOTHING
), standings AS (
  INSERT INTO billing_standings (customer_id) SELECT id FROM adopted
), history AS (
  INSERT INTO history (id, entity_type, entity_id, node_id, actor_id, action, changes)
  SELECT clientele_uuid_v7(), 'billing_account', a.id, a.id, $2::uuid, 'create', ${createdChangesSql({
    groupId: 'a.group_id',
    customerNumber: 'a.customer_number',
    invoiceByPost: 'a.invoice_by_post',
    invoiceByEmail: 'a.invoice_by_email',
    neverSuspend: 'a.never_suspend',
    extraVariableSymbols: 'a.extra_variable_symbols',
    nonPayer: 'a.non_payer',
  })}
    FROM adopted a
)
SELECT count(*)::int AS adopted FROM adopted`;
