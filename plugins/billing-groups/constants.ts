export const BILLING_GROUP_READ = 'billing.group.read';
export const BILLING_GROUP_MANAGE = 'billing.group.manage';
/** The billing tab of a customer: profile, balance, score, invoices and payments. */
export const BILLING_CUSTOMER_READ = 'billing.customer.read';
export const BILLING_CUSTOMER_WRITE = 'billing.customer.write';
export const BILLING_INVOICE_ISSUE = 'billing.invoice.issue';
export const BILLING_INVOICE_CANCEL = 'billing.invoice.cancel';
/** Import statements, work the unmatched queue, undo matches. */
export const BILLING_PAYMENT_MANAGE = 'billing.payment.manage';
export const BILLING_SUSPENSION_RUN = 'billing.suspension.run';
/** Operator-wide lists (payment types). */
export const BILLING_CATALOG_MANAGE = 'billing.catalog.manage';

export const KIND_BILLING_GROUP = 'billing_group';

/** Record kinds in history. */
export const BILLING_GROUP_TYPE = 'billing_group';
export const BILLING_ACCOUNT_TYPE = 'billing_account';
export const INVOICE_TYPE = 'invoice';
export const PAYMENT_TYPE_TYPE = 'payment_type';
export const PAYMENT_TYPE = 'payment';

export const MAX_EXTRA_VARIABLE_SYMBOLS = 3;

/** Scheduled jobs and queues. */
export const IMPORT_STATEMENT_QUEUE = 'billing.import-statement';
export const ISSUE_INVOICES_QUEUE = 'billing.issue-invoices';
export const IMPORT_INVOICES_QUEUE = 'billing.import-invoices';
export const SUSPENSION_JOB = 'billing.suspend-non-payers';
export const STANDINGS_JOB = 'billing.refresh-standings';
