import type { PermissionDefinition, RoleDefinition } from '@clientele/core';
import {
  BILLING_CATALOG_MANAGE,
  BILLING_CUSTOMER_READ,
  BILLING_CUSTOMER_WRITE,
  BILLING_GROUP_MANAGE,
  BILLING_GROUP_READ,
  BILLING_INVOICE_CANCEL,
  BILLING_INVOICE_ISSUE,
  BILLING_PAYMENT_MANAGE,
  BILLING_SUSPENSION_RUN,
} from './constants.js';

export const billingPermissions: PermissionDefinition[] = [
  { name: BILLING_GROUP_READ, description: "See a billing group (the operator's company) and its details" },
  { name: BILLING_GROUP_MANAGE, description: 'Create and change billing groups, their number series, logo and stamp' },
  {
    name: BILLING_CUSTOMER_READ,
    description: "See customers' billing: profile, balance, score, invoices and payments",
  },
  {
    name: BILLING_CUSTOMER_WRITE,
    description: "Change customers' billing profiles and move them between billing groups",
  },
  { name: BILLING_INVOICE_ISSUE, description: 'Issue invoices' },
  { name: BILLING_INVOICE_CANCEL, description: 'Cancel unpaid invoices' },
  { name: BILLING_PAYMENT_MANAGE, description: 'Import bank statements, assign unmatched payments and undo matches' },
  { name: BILLING_SUSPENSION_RUN, description: 'See who would be suspended for not paying, and run the suspension' },
  { name: BILLING_CATALOG_MANAGE, description: 'Edit the list of payment types' },
];

export const billingRoles: RoleDefinition[] = [
  // A customer's own administrator sees the customer's invoices, balance and score.
  { code: 'administrator', permissions: [BILLING_CUSTOMER_READ] },
  {
    code: 'accountant',
    name: 'Accountant',
    description:
      'Billing of the billing groups (or customers) it is granted on: invoices, payments, profiles, suspension',
    permissions: [
      BILLING_GROUP_READ,
      BILLING_CUSTOMER_READ,
      BILLING_CUSTOMER_WRITE,
      BILLING_INVOICE_ISSUE,
      BILLING_INVOICE_CANCEL,
      BILLING_PAYMENT_MANAGE,
      BILLING_SUSPENSION_RUN,
    ],
  },
];
