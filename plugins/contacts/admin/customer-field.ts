import type { AdminField, AdminFilter } from '@clientele/core';

/** The customer a record of another module belongs to, picked by autocomplete over the customers the user may see. */
const customer = {
  key: 'customerId',
  label: 'Customer',
  type: 'reference',
  reference: 'customers',
  autocomplete: true,
} as const;

/** As a form field, sent as `customerId`. */
export const customerField = (extra: Partial<AdminField> = {}): AdminField => ({ ...customer, ...extra });

/** As a list filter, `filter[customerId]`. */
export const customerFilter: AdminFilter = customer;
