/**
 * Invoices' indexes for the money jobs at a million customers:
 * - the open invoices' index carries what is owed on each (total and paid), so the suspension
 *   job sums every customer's debt from the index alone instead of reading the whole table
 *   (6 s of the job at 12M invoices);
 * - the newest-first list index duplicated the primary key (read backwards it gives the same
 *   order), and every invoice a statement pays had to be written into it too.
 */
export const invoiceIndexesSchema = {
  name: '0003-invoice-indexes',
  up: `
CREATE INDEX billing_invoices_owed ON billing_invoices (customer_id, due_on, id) INCLUDE (total_minor, paid_minor) WHERE status = 'open';
DROP INDEX billing_invoices_open;
DROP INDEX billing_invoices_list;
`,
};
