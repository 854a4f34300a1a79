/**
 * Invoices' indexes for the money jobs at a million customers:
 * - the open invoices' index carries what is owed on each (total and paid), so the suspension
 *   job sums every customer's debt from the index alone instead of reading the whole table
 *   (6 s of the job at 12M invoices);
 * - the newest-first list index duplicated the primary key (read backwards it gives the same
 *   order), and every invoice a statement pays had to be written into it too;
 * - the status filter's index holds the open and cancelled invoices only: a paid invoice leaves
 *   it instead of being written into it, and listing the paid ones (nearly all of them) reads
 *   the primary key backwards;
 * - the customers with their own "suspend after N days" are found without reading every account.
 */
export const invoiceIndexesSchema = {
  name: '0003-invoice-indexes',
  up: `
CREATE INDEX billing_invoices_owed ON billing_invoices (customer_id, due_on, id) INCLUDE (total_minor, paid_minor) WHERE status = 'open';
DROP INDEX billing_invoices_open;
DROP INDEX billing_invoices_list;
CREATE INDEX billing_invoices_unpaid ON billing_invoices (status, id DESC) WHERE status <> 'paid';
DROP INDEX billing_invoices_status;
-- The fewest days overdue any customer is allowed, read from the few with their own limit.
CREATE INDEX billing_accounts_suspend_after ON billing_accounts (suspend_after_days) WHERE suspend_after_days IS NOT NULL;
`,
};
