import type { AdminExtension, AdminResourceDefinition, AdminTab, AdminWidget } from '@clientele/core';
import * as P from '../constants.js';
import { customerField } from '@clientele/contacts';

const NAV = 'Billing';
const INVOICE_COLORS = { open: '#2563eb', paid: '#2e7d32', cancelled: '#757575' };
const invoiceStatus = [
  { value: 'open', label: 'Open' },
  { value: 'paid', label: 'Paid' },
  { value: 'cancelled', label: 'Cancelled' },
];

const invoiceColumns = [
  { key: 'number', label: 'Number', sortable: true },
  { key: 'issuedOn', label: 'Issued', type: 'date' as const, sortable: true },
  { key: 'dueOn', label: 'Due', type: 'date' as const, sortable: true },
  { key: 'totalMinor', label: 'Total', type: 'money' as const },
  { key: 'paidMinor', label: 'Paid', type: 'money' as const },
  { key: 'status', label: 'Status', type: 'status' as const },
];

export const billingAdminResources: AdminResourceDefinition[] = [
  {
    name: 'billing-groups',
    label: 'Billing groups',
    labelSingular: 'Billing group',
    apiPath: '/api/billing-groups',
    navGroup: NAV,
    permission: P.BILLING_GROUP_READ,
    createPermission: P.BILLING_GROUP_MANAGE,
    titleField: 'name',
    searchable: true,
    softDelete: true,
    hasHistory: true,
    nodeField: 'id',
    listColumns: [
      { key: 'name', label: 'Legal name', sortable: true },
      { key: 'companyId', label: 'Company ID' },
      { key: 'numberPattern', label: 'Number series' },
      { key: 'currency', label: 'Currency' },
      { key: 'isDefault', label: 'Default', type: 'boolean' },
    ],
    filters: [{ key: 'isDefault', label: 'Default', type: 'boolean' }],
    fields: [
      { key: 'name', label: 'Legal name', type: 'text', required: true },
      { key: 'companyId', label: 'Company ID (IČO)', type: 'text' },
      { key: 'vatId', label: 'VAT ID', type: 'text' },
      { key: 'street', label: 'Street', type: 'text' },
      { key: 'city', label: 'City', type: 'text' },
      { key: 'postcode', label: 'Postcode', type: 'text' },
      { key: 'country', label: 'Country (ISO code)', type: 'text' },
      {
        key: 'ibans',
        label: 'Bank accounts (IBAN)',
        type: 'json',
        help: 'A list, e.g. ["CZ6508000000192000145399"]; statements of these accounts land in this group',
      },
      {
        key: 'numberPattern',
        label: 'Invoice number series',
        type: 'text',
        help: '{YYYY}, {YY}, {MM} and one {seq:N}, e.g. {YYYY}{seq:6}; a counter runs per month when the number shows the month, else per year',
      },
      { key: 'currency', label: 'Currency', type: 'text' },
      { key: 'isDefault', label: 'Default group', type: 'boolean', help: 'New customers land here' },
      {
        key: 'logo',
        label: 'Logo (PNG or JPEG)',
        type: 'file',
        upload: { path: '/api/billing-groups/:id/logo', accept: 'image/png,image/jpeg' },
        only: 'edit',
      },
      {
        key: 'stamp',
        label: 'Stamp (PNG or JPEG)',
        type: 'file',
        upload: { path: '/api/billing-groups/:id/stamp', accept: 'image/png,image/jpeg' },
        only: 'edit',
      },
    ],
    fieldsets: [
      {
        key: 'company',
        label: 'Company',
        fields: ['companyId', 'vatId', 'street', 'city', 'postcode', 'country', 'ibans'],
      },
      { key: 'invoices', label: 'Invoices', fields: ['numberPattern', 'currency', 'isDefault', 'logo', 'stamp'] },
    ],
  },
  {
    name: 'billing-accounts',
    label: 'Balances and scores',
    labelSingular: 'Billing account',
    apiPath: '/api/billing-accounts',
    navGroup: NAV,
    permission: P.BILLING_CUSTOMER_READ,
    updatePermission: P.BILLING_CUSTOMER_WRITE,
    titleField: 'customerName',
    hasHistory: true,
    nodeField: 'id',
    listColumns: [
      { key: 'customerNumber', label: 'Number', sortable: true },
      { key: 'customerName', label: 'Customer', sortable: true },
      { key: 'groupName', label: 'Billing group' },
      { key: 'balanceMinor', label: 'Balance', type: 'money', sortable: true },
      { key: 'scoreTotal', label: 'Score', type: 'number', sortable: true },
      { key: 'scoreAverage', label: 'Average score', type: 'number' },
      { key: 'nonPayer', label: 'Non-payer', type: 'boolean' },
    ],
    filters: [
      { key: 'groupId', label: 'Billing group', type: 'reference', reference: 'billing-groups' },
      { key: 'nonPayer', label: 'Non-payer', type: 'boolean' },
      { key: 'neverSuspend', label: 'Never suspend', type: 'boolean' },
    ],
    fields: billingProfileFields(),
    fieldsets: [
      {
        key: 'standing',
        label: 'Balance and score',
        fields: ['balanceMinor', 'invoicedMinor', 'paidMinor', 'scoreTotal', 'scoreAverage', 'nonPayer', 'suspendedAt'],
      },
    ],
    actions: [
      {
        key: 'move',
        label: 'Move to another billing group',
        path: '/api/billing-accounts/:id/move',
        permission: P.BILLING_CUSTOMER_WRITE,
        fields: [
          { key: 'groupId', label: 'Billing group', type: 'reference', reference: 'billing-groups', required: true },
        ],
      },
    ],
  },
  {
    name: 'invoices',
    label: 'Invoices',
    labelSingular: 'Invoice',
    apiPath: '/api/invoices',
    navGroup: NAV,
    permission: P.BILLING_CUSTOMER_READ,
    createPermission: P.BILLING_INVOICE_ISSUE,
    titleField: 'number',
    searchable: true,
    hasHistory: true,
    listColumns: invoiceColumns,
    filters: [
      { key: 'status', label: 'Status', type: 'select', options: invoiceStatus },
      { key: 'groupId', label: 'Billing group', type: 'reference', reference: 'billing-groups' },
      { key: 'issuedOn', label: 'Issued', type: 'date' },
      { key: 'dueOn', label: 'Due', type: 'date' },
    ],
    fields: [
      { key: 'number', label: 'Number', readOnly: true, only: 'edit' },
      customerField({ required: true, only: 'create' }),
      { key: 'issuedOn', label: 'Issued', type: 'date', help: 'Today when empty' },
      { key: 'dueOn', label: 'Due', type: 'date', help: "From the customer's due days when empty" },
      {
        key: 'lines',
        label: 'Lines',
        type: 'rows',
        maxRows: 200,
        required: true,
        rowFields: [
          { key: 'description', label: 'Item', type: 'text' },
          { key: 'quantity', label: 'Quantity', type: 'number' },
          { key: 'unitPriceMinor', label: 'Unit price', type: 'money', currency: 'CZK' },
        ],
      },
      { key: 'totalMinor', label: 'Total', type: 'money', currencyField: 'currency', readOnly: true, only: 'edit' },
      { key: 'paidMinor', label: 'Paid', type: 'money', currencyField: 'currency', readOnly: true, only: 'edit' },
      {
        key: 'status',
        label: 'Status',
        type: 'status',
        colors: INVOICE_COLORS,
        options: invoiceStatus,
        readOnly: true,
        only: 'edit',
      },
      { key: 'paidOn', label: 'Paid on', type: 'date', readOnly: true, only: 'edit' },
      { key: 'variableSymbol', label: 'Variable symbol', readOnly: true, only: 'edit' },
      {
        key: 'pdf',
        label: 'PDF',
        type: 'file',
        upload: { path: '/api/invoices/:id/pdf' },
        readOnly: true,
        only: 'edit',
      },
    ],
    actions: [
      {
        key: 'cancel',
        label: 'Cancel the invoice',
        path: '/api/invoices/:id/cancel',
        confirm: 'Cancel this invoice? Its number stays used.',
        permission: P.BILLING_INVOICE_CANCEL,
      },
    ],
  },
  {
    name: 'payments',
    label: 'Payments',
    labelSingular: 'Payment',
    apiPath: '/api/payments',
    navGroup: NAV,
    permission: P.BILLING_PAYMENT_MANAGE,
    titleField: 'variableSymbol',
    hasHistory: true,
    listColumns: [
      { key: 'receivedOn', label: 'Received', type: 'date', sortable: true },
      { key: 'amountMinor', label: 'Amount', type: 'money', sortable: true },
      { key: 'variableSymbol', label: 'Variable symbol' },
      { key: 'counterName', label: 'From' },
      { key: 'counterAccount', label: 'Account' },
      { key: 'message', label: 'Message' },
      { key: 'matchedBy', label: 'Matched by' },
    ],
    filters: [
      { key: 'matched', label: 'Matched', type: 'boolean' },
      { key: 'receivedOn', label: 'Received', type: 'date' },
      { key: 'groupId', label: 'Billing group', type: 'reference', reference: 'billing-groups' },
    ],
    fields: [
      { key: 'receivedOn', label: 'Received', type: 'date', readOnly: true },
      { key: 'amountMinor', label: 'Amount', type: 'money', currencyField: 'currency', readOnly: true },
      { key: 'variableSymbol', label: 'Variable symbol', readOnly: true },
      { key: 'counterName', label: 'From', readOnly: true },
      { key: 'counterAccount', label: 'Account', readOnly: true },
      { key: 'message', label: 'Message', readOnly: true },
      customerField({ autocomplete: false, readOnly: true }),
    ],
    actions: [
      {
        key: 'assign',
        label: 'Assign to a customer',
        path: '/api/payments/:id/assign',
        permission: P.BILLING_PAYMENT_MANAGE,
        fields: [customerField({ required: true })],
      },
      {
        key: 'undo',
        label: 'Undo the match',
        path: '/api/payments/:id/undo',
        confirm: 'Undo this match? Its invoices open again.',
        permission: P.BILLING_PAYMENT_MANAGE,
      },
    ],
  },
  {
    name: 'bank-statements',
    label: 'Bank statements',
    labelSingular: 'Bank statement',
    apiPath: '/api/bank-statements',
    navGroup: NAV,
    permission: P.BILLING_PAYMENT_MANAGE,
    createPermission: P.BILLING_PAYMENT_MANAGE,
    titleField: 'reference',
    listColumns: [
      { key: 'importedAt', label: 'Imported', type: 'datetime', sortable: true },
      { key: 'format', label: 'Format' },
      { key: 'account', label: 'Account' },
      { key: 'reference', label: 'Statement' },
      { key: 'statementDate', label: 'Date', type: 'date' },
      { key: 'status', label: 'Status', type: 'status' },
      { key: 'paymentCount', label: 'Payments', type: 'number' },
      { key: 'matchedCount', label: 'Matched', type: 'number' },
    ],
    fields: [
      {
        key: 'format',
        label: 'Format',
        type: 'select',
        required: true,
        options: [
          { value: 'gpc', label: 'ABO/GPC' },
          { value: 'camt053', label: 'CAMT.053 (XML)' },
        ],
      },
      {
        key: 'text',
        label: 'Statement',
        type: 'textarea',
        required: true,
        only: 'create',
        help: 'Paste the GPC lines or the CAMT.053 XML as the bank gave them',
      },
    ],
  },
  {
    name: 'payment-types',
    label: 'Payment types',
    labelSingular: 'Payment type',
    apiPath: '/api/payment-types',
    navGroup: NAV,
    permission: P.BILLING_CUSTOMER_READ,
    createPermission: P.BILLING_CATALOG_MANAGE,
    titleField: 'name',
    hasHistory: false,
    listColumns: [
      { key: 'code', label: 'Code' },
      { key: 'name', label: 'Name' },
      { key: 'position', label: 'Order', type: 'number' },
    ],
    fields: [
      { key: 'code', label: 'Code', type: 'text', required: true, only: 'create' },
      { key: 'name', label: 'Name', type: 'text', required: true },
      { key: 'position', label: 'Order', type: 'number' },
    ],
  },
];

function billingProfileFields(): AdminResourceDefinition['fields'] {
  return [
    { key: 'customerName', label: 'Customer', readOnly: true },
    { key: 'groupName', label: 'Billing group', readOnly: true },
    {
      key: 'paymentTypeId',
      label: 'Payment type',
      type: 'select',
      optionsFrom: { path: '/api/payment-types', value: 'value', label: 'label' },
    },
    { key: 'dueDays', label: 'Invoice due days', type: 'number', help: 'Empty: the system setting' },
    { key: 'invoiceByPost', label: 'Invoices by post', type: 'boolean' },
    {
      key: 'invoiceByEmail',
      label: 'Invoices by e-mail',
      type: 'boolean',
      help: 'To the billing e-mail, else the main one',
    },
    { key: 'suspendAfterDays', label: 'Suspend after days overdue', type: 'number', help: 'Empty: the system setting' },
    { key: 'neverSuspend', label: 'Never suspend', type: 'boolean' },
    {
      key: 'extraVariableSymbols',
      label: 'Extra variable symbols',
      type: 'json',
      help: 'Up to 3 symbols the customer\'s payments quote instead of the customer number, e.g. ["770012"]',
    },
    {
      key: 'balanceMinor',
      label: 'Balance',
      type: 'money',
      readOnly: true,
      help: 'Positive: overpaid; negative: owes',
    },
    { key: 'invoicedMinor', label: 'Invoiced', type: 'money', readOnly: true },
    { key: 'paidMinor', label: 'Paid', type: 'money', readOnly: true },
    {
      key: 'scoreTotal',
      label: 'Score',
      type: 'number',
      readOnly: true,
      help: 'Days paid before the due date, summed over paid invoices (late days count minus)',
    },
    { key: 'scoreAverage', label: 'Average score', type: 'number', readOnly: true },
    { key: 'nonPayer', label: 'Non-payer', type: 'boolean', readOnly: true },
    { key: 'suspendedAt', label: 'Suspended', type: 'datetime', readOnly: true },
  ];
}

/** The customer card's billing tab (its account, editable in the billing-accounts resource) and its invoices. */
export const billingAdminTabs: AdminTab[] = [
  {
    on: ['customers'],
    key: 'billing',
    label: 'Billing',
    listPath: '/api/billing-accounts?filter[id]=:id',
    permission: P.BILLING_CUSTOMER_READ,
    columns: [
      { key: 'groupName', label: 'Billing group' },
      { key: 'balanceMinor', label: 'Balance', type: 'money' },
      { key: 'scoreTotal', label: 'Score', type: 'number' },
      { key: 'scoreAverage', label: 'Average score', type: 'number' },
      { key: 'effectiveDueDays', label: 'Due days', type: 'number' },
      { key: 'nonPayer', label: 'Non-payer', type: 'boolean' },
    ],
  },
  {
    on: ['customers'],
    key: 'invoices',
    label: 'Invoices',
    listPath: '/api/invoices?filter[customerId]=:id',
    permission: P.BILLING_CUSTOMER_READ,
    createResource: 'invoices',
    columns: invoiceColumns.map(({ sortable: _sortable, ...column }) => column),
  },
  {
    on: ['customers'],
    key: 'payments',
    label: 'Payments',
    listPath: '/api/payments?filter[customerId]=:id',
    permission: P.BILLING_CUSTOMER_READ,
    columns: [
      { key: 'receivedOn', label: 'Received', type: 'date' },
      { key: 'amountMinor', label: 'Amount', type: 'money' },
      { key: 'variableSymbol', label: 'Variable symbol' },
      { key: 'matchedBy', label: 'Matched by' },
    ],
  },
];

export const billingAdminWidgets: AdminWidget[] = [
  {
    key: 'unmatched-payments',
    label: 'Payments waiting for a customer',
    kind: 'count',
    path: '/api/payments?filter[matched]=false',
    permission: P.BILLING_PAYMENT_MANAGE,
    resource: 'payments',
  },
  // The suspension's dry run: who the nightly job would suspend now, each opening its billing account.
  {
    key: 'suspension-preview',
    label: 'Would be suspended now',
    kind: 'list',
    path: '/api/billing-suspension/preview',
    permission: P.BILLING_SUSPENSION_RUN,
    titleField: 'customerName',
    resource: 'billing-accounts',
    limit: 10,
  },
  {
    key: 'non-payers',
    label: 'Non-payers',
    kind: 'list',
    path: '/api/billing-accounts?filter[nonPayer]=true&sort=balanceMinor',
    permission: P.BILLING_CUSTOMER_READ,
    titleField: 'customerName',
    resource: 'billing-accounts',
    limit: 5,
  },
];

/**
 * On the contacts plugin's customer list: the customer's balance and payment score (offered in
 * the column chooser), and the non-payer and billing-group filters its API already answers.
 */
export const billingAdminExtensions: AdminExtension[] = [
  {
    resource: 'customers',
    declaredBy: 'contacts',
    permission: P.BILLING_CUSTOMER_READ,
    listColumns: [
      { key: 'billing.balanceMinor', label: 'Balance', type: 'money', optional: true },
      { key: 'billing.scoreTotal', label: 'Payment score', type: 'number', optional: true },
    ],
    filters: [
      { key: 'nonPayer', label: 'Non-payer', type: 'boolean' },
      { key: 'billingGroup', label: 'Billing group', type: 'reference', reference: 'billing-groups', multiple: true },
    ],
  },
];
