import type { AdminResourceDefinition, AdminResult, AdminTab, AdminWidget } from '@clientele/core';
import { CUSTOMER_USERS_MANAGE, CUSTOMER_USERS_READ, customerField, customerFilter } from '@clientele/contacts';
import { AREA_MANAGE, REQUEST_FILE, REQUEST_READ, TICKET_READ, TICKET_WRITE } from '../constants.js';

const NAV = 'Helpdesk';

const STATES = [
  { value: 'new', label: 'New' },
  { value: 'awaiting_authorisation', label: 'Awaiting authorisation' },
  { value: 'open', label: 'Open' },
  { value: 'waiting_for_customer', label: 'Waiting for customer' },
  { value: 'resolved', label: 'Resolved' },
  { value: 'closed', label: 'Closed' },
];
const STATE_COLORS = {
  new: '#2563eb',
  awaiting_authorisation: '#a855f7',
  open: '#0891b2',
  waiting_for_customer: '#d97706',
  resolved: '#16a34a',
  closed: '#6b7280',
};
const SEVERITIES = [
  { value: 'critical', label: 'Critical' },
  { value: 'high', label: 'High' },
  { value: 'normal', label: 'Normal' },
  { value: 'low', label: 'Low' },
];
const SLA_STATES = [
  { value: 'running', label: 'Running' },
  { value: 'paused', label: 'Paused' },
  { value: 'breached', label: 'Breached' },
  { value: 'met', label: 'Met' },
  { value: 'none', label: 'No SLA' },
];
const SLA_COLORS = { running: '#2563eb', paused: '#d97706', breached: '#dc2626', met: '#16a34a', none: '#6b7280' };

const ticketColumns = [
  { key: 'number', label: 'Number' },
  { key: 'subject', label: 'Subject' },
  { key: 'state', label: 'State', type: 'status' as const },
  { key: 'severity', label: 'Severity' },
  { key: 'slaDueAt', label: 'SLA deadline', type: 'datetime' as const },
  { key: 'slaState', label: 'SLA', type: 'status' as const },
];

const areasResource: AdminResourceDefinition = {
  name: 'helpdesk-areas',
  label: 'Areas',
  labelSingular: 'Area',
  apiPath: '/api/helpdesk/areas',
  navGroup: NAV,
  permission: TICKET_READ,
  createPermission: AREA_MANAGE,
  titleField: 'name',
  softDelete: true,
  hasHistory: true,
  nodeField: 'id',
  recordType: 'area',
  searchable: true,
  listColumns: [
    { key: 'name', label: 'Name', sortable: true },
    { key: 'code', label: 'Code', sortable: true },
    { key: 'isPublic', label: 'Public line', type: 'boolean' },
    { key: 'isDefault', label: 'Default', type: 'boolean' },
  ],
  filters: [
    { key: 'isPublic', label: 'Public line', type: 'boolean' },
    { key: 'isDefault', label: 'Default', type: 'boolean' },
  ],
  fields: [
    {
      key: 'code',
      label: 'Code',
      type: 'text',
      required: true,
      only: 'create',
      help: 'Lower-case letters, digits and dashes; customer groups name areas by it',
    },
    { key: 'name', label: 'Name', type: 'text', required: true },
    {
      key: 'isPublic',
      label: 'Public line',
      type: 'boolean',
      help: 'Users of other companies may connect to it and file requests',
    },
    { key: 'isDefault', label: 'Default', type: 'boolean', help: 'Tickets nothing routes elsewhere go here' },
    {
      key: 'defaultAssigneeUserId',
      label: 'Default assignee',
      type: 'reference',
      reference: 'users',
      autocomplete: true,
    },
    { key: 'defaultAssigneeGroupId', label: 'Default assignee group', type: 'reference', reference: 'user-groups' },
    {
      key: 'defaultSlaContractId',
      label: 'Default SLA contract',
      type: 'reference',
      reference: 'sla-contracts',
      help: 'When neither the customer nor its groups bring one',
    },
  ],
};

const ticketsResource: AdminResourceDefinition = {
  name: 'tickets',
  label: 'Tickets',
  labelSingular: 'Ticket',
  apiPath: '/api/tickets',
  navGroup: NAV,
  permission: TICKET_READ,
  createPermission: REQUEST_FILE,
  updatePermission: TICKET_WRITE,
  titleField: 'subject',
  hasHistory: true,
  nodeField: 'id',
  recordType: 'ticket',
  searchable: true,
  listColumns: [
    ...ticketColumns.map((c) => ({ ...c, sortable: c.key === 'slaDueAt' || c.key === 'number' })),
    { key: 'createdAt', label: 'Filed', type: 'datetime', sortable: true },
  ],
  filters: [
    { key: 'state', label: 'State', type: 'select', options: STATES },
    { key: 'severity', label: 'Severity', type: 'select', options: SEVERITIES },
    { key: 'slaState', label: 'SLA', type: 'select', options: SLA_STATES },
    { key: 'areaId', label: 'Area', type: 'reference', reference: 'helpdesk-areas' },
    customerFilter,
    { key: 'mine', label: 'Assigned to me', type: 'boolean' },
  ],
  fields: [
    { key: 'subject', label: 'Subject', type: 'text', required: true },
    { key: 'body', label: 'Request', type: 'textarea', required: true, only: 'create' },
    customerField({ only: 'create' }),
    {
      key: 'areaId',
      label: 'Area',
      type: 'reference',
      reference: 'helpdesk-areas',
      help: 'Left empty, routing picks it',
    },
    {
      key: 'severity',
      label: 'Severity',
      type: 'select',
      options: SEVERITIES,
      help: 'Until assessed, the SLA measures the default level',
    },
    { key: 'requestAuthorisation', label: 'Ask for authorisation', type: 'boolean', only: 'create' },
    {
      key: 'assigneeUserId',
      label: 'Assignee',
      type: 'reference',
      reference: 'users',
      autocomplete: true,
      only: 'edit',
    },
    { key: 'assigneeGroupId', label: 'Assignee group', type: 'reference', reference: 'user-groups', only: 'edit' },
    {
      key: 'state',
      label: 'State',
      type: 'status',
      options: STATES,
      colors: STATE_COLORS,
      readOnly: true,
      only: 'edit',
    },
    { key: 'slaDueAt', label: 'SLA deadline', type: 'datetime', readOnly: true },
    {
      key: 'slaState',
      label: 'SLA',
      type: 'status',
      options: SLA_STATES,
      colors: SLA_COLORS,
      readOnly: true,
      only: 'edit',
    },
  ],
  actions: [
    {
      key: 'reply',
      label: 'Write a message',
      path: '/api/tickets/:id/messages',
      permission: REQUEST_READ,
      fields: [
        { key: 'body', label: 'Message', type: 'textarea', required: true },
        {
          key: 'private',
          label: 'Private',
          type: 'boolean',
          help: 'Only the addressee reads it; others see that it arrived',
        },
        { key: 'addresseeId', label: 'Addressee', type: 'reference', reference: 'users', autocomplete: true },
      ],
    },
    {
      key: 'authorise',
      label: 'Approve or reject',
      path: '/api/tickets/:id/authorisation',
      fields: [
        {
          key: 'decision',
          label: 'Decision',
          type: 'select',
          required: true,
          options: [
            { value: 'approve', label: 'Approve' },
            { value: 'reject', label: 'Reject' },
          ],
        },
        { key: 'reason', label: 'Reason', type: 'textarea', help: 'Required to reject' },
      ],
    },
  ],
};

/** A new key is shown once, as the link the contact person opens the request form with. */
const issuedKey = (recordKey?: string): AdminResult => ({
  recordKey,
  notice: 'Copy the link now and send it to the contact person: it is not shown again.',
  fields: [{ key: 'key', label: 'Request form link', url: '/helpdesk/request/:value' }],
});

const quickAccountsResource: AdminResourceDefinition = {
  name: 'quick-accounts',
  label: 'Quick-request accounts',
  labelSingular: 'Quick-request account',
  apiPath: '/api/quick-accounts',
  navGroup: NAV,
  permission: CUSTOMER_USERS_READ,
  createPermission: CUSTOMER_USERS_MANAGE,
  deletePermission: CUSTOMER_USERS_MANAGE,
  titleField: 'name',
  hasHistory: true,
  nodeField: 'customerId',
  recordType: 'quick_request_account',
  listColumns: [
    { key: 'name', label: 'Contact person' },
    { key: 'email', label: 'E-mail' },
    { key: 'customer.name', label: 'Customer' },
    { key: 'createdAt', label: 'Created', type: 'datetime', sortable: true },
    { key: 'secretExpiresAt', label: 'Key expires', type: 'datetime' },
    { key: 'lastUsedAt', label: 'Last used', type: 'datetime' },
  ],
  filters: [customerFilter],
  fields: [
    customerField({ required: true }),
    { key: 'name', label: 'Contact person', type: 'text', required: true },
    { key: 'email', label: 'E-mail', type: 'email' },
    { key: 'hasSecret', label: 'Has a key', type: 'boolean', readOnly: true },
    { key: 'secretExpiresAt', label: 'Key expires', type: 'datetime', readOnly: true },
    { key: 'lockedUntil', label: 'Locked until', type: 'datetime', readOnly: true },
    { key: 'lastUsedAt', label: 'Last used', type: 'datetime', readOnly: true },
    { key: 'createdAt', label: 'Created', type: 'datetime', readOnly: true },
  ],
  createResult: issuedKey('account'),
  actions: [
    {
      key: 'rotate',
      label: 'Issue a new key',
      path: '/api/quick-accounts/:id/rotate',
      confirm: 'The current key stops working at once. Issue a new one?',
      permission: CUSTOMER_USERS_MANAGE,
      result: issuedKey(),
    },
  ],
};

const lineUsersResource: AdminResourceDefinition = {
  name: 'line-users',
  label: 'Line users',
  labelSingular: 'Line user',
  apiPath: '/api/helpdesk/line-users',
  navGroup: NAV,
  permission: AREA_MANAGE,
  titleField: 'user.displayName',
  hasHistory: false,
  nodeField: 'areaId',
  recordType: 'line_connection',
  listColumns: [
    { key: 'user.displayName', label: 'User' },
    { key: 'user.email', label: 'E-mail' },
    { key: 'company', label: 'Company' },
    { key: 'area.name', label: 'Line' },
    { key: 'createdAt', label: 'Connected', type: 'datetime' },
    { key: 'disconnectedAt', label: 'Disconnected', type: 'datetime' },
  ],
  filters: [
    { key: 'company', label: 'Company', type: 'text' },
    { key: 'areaId', label: 'Line', type: 'reference', reference: 'helpdesk-areas' },
    { key: 'connected', label: 'Connected', type: 'boolean' },
  ],
  fields: [
    { key: 'user.displayName', label: 'User', type: 'text', readOnly: true },
    { key: 'user.email', label: 'E-mail', type: 'email', readOnly: true },
    { key: 'company', label: 'Company', type: 'text', readOnly: true },
    { key: 'areaId', label: 'Line', type: 'reference', reference: 'helpdesk-areas', readOnly: true },
    { key: 'createdAt', label: 'Connected', type: 'datetime', readOnly: true },
    { key: 'disconnectedAt', label: 'Disconnected', type: 'datetime', readOnly: true },
  ],
  actions: [
    {
      key: 'disconnect',
      label: 'Disconnect',
      path: '/api/helpdesk/line-users/:id',
      method: 'DELETE',
      confirm: 'Disconnect this user from the line? Their access ends at once.',
      permission: AREA_MANAGE,
    },
  ],
  bulkActions: [
    {
      key: 'disconnect-selected',
      label: 'Disconnect',
      path: '/api/helpdesk/line-users/disconnect',
      confirm: 'Disconnect the selected users from their lines? Their access ends at once.',
      permission: AREA_MANAGE,
    },
  ],
};

/** The tickets of a customer, and a ticket's messages (a private one without its body for others than its addressee). */
export const helpdeskTabs: AdminTab[] = [
  {
    on: ['customers'],
    key: 'customer-tickets',
    label: 'Tickets',
    listPath: '/api/tickets?filter[customerId]=:id',
    columns: ticketColumns,
    permission: TICKET_READ,
    createResource: 'tickets',
  },
  {
    on: ['tickets'],
    key: 'ticket-messages',
    label: 'Messages',
    listPath: '/api/tickets/:id/messages',
    columns: [
      { key: 'authorName', label: 'From' },
      { key: 'body', label: 'Message', type: 'html' },
      { key: 'private', label: 'Private', type: 'boolean' },
      { key: 'createdAt', label: 'Written', type: 'datetime' },
    ],
  },
  {
    on: ['customers'],
    key: 'quick-accounts',
    label: 'Quick-request accounts',
    listPath: '/api/customers/:id/quick-accounts',
    permission: CUSTOMER_USERS_READ,
    createResource: 'quick-accounts',
    columns: [
      { key: 'name', label: 'Contact person' },
      { key: 'email', label: 'E-mail' },
      { key: 'createdAt', label: 'Created', type: 'datetime' },
      { key: 'secretExpiresAt', label: 'Key expires', type: 'datetime' },
      { key: 'lastUsedAt', label: 'Last used', type: 'datetime' },
    ],
  },
];

export const helpdeskResources = [areasResource, ticketsResource, quickAccountsResource, lineUsersResource];

export const helpdeskWidgets: AdminWidget[] = [
  {
    key: 'breached-tickets',
    label: 'Tickets past their SLA',
    kind: 'count',
    path: '/api/tickets?filter[slaState]=breached',
    permission: TICKET_READ,
  },
  {
    key: 'my-tickets',
    label: 'My tickets by deadline',
    kind: 'list',
    path: '/api/tickets?filter[mine]=true',
    titleField: 'subject',
    resource: 'tickets',
    limit: 8,
    permission: TICKET_READ,
  },
];
