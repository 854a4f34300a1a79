import type { AdminResourceDefinition, AdminTab } from '@clientele/core';
import {
  ADDRESS_KINDS,
  MESSAGE_STATUSES,
  NOTIFICATIONS_MANAGE,
  RECIPIENT_KINDS,
  TEMPLATE_CHANNELS,
  MESSAGES_READ,
  MESSAGES_SEND,
  TEMPLATES_MANAGE,
  TEMPLATES_READ,
} from '../constants.js';
import { customerField } from '@clientele/contacts';

const NAV = 'Messages';
const choices = (values: readonly string[]) => values.map((value) => ({ value, label: value }));

const templatesResource: AdminResourceDefinition = {
  name: 'templates',
  label: 'Templates',
  labelSingular: 'Template',
  apiPath: '/api/templates',
  navGroup: NAV,
  permission: TEMPLATES_READ,
  createPermission: TEMPLATES_MANAGE,
  titleField: 'name',
  searchable: true,
  softDelete: true,
  hasHistory: true,
  recordType: 'template',
  listColumns: [
    { key: 'name', label: 'Name', sortable: true },
    { key: 'code', label: 'Code' },
    { key: 'channel', label: 'Channel' },
    { key: 'language', label: 'Language' },
    { key: 'context', label: 'For' },
    { key: 'updatedAt', label: 'Changed', sortable: true, type: 'datetime' },
  ],
  filters: [
    { key: 'channel', label: 'Channel', type: 'select', options: choices(TEMPLATE_CHANNELS) },
    { key: 'context', label: 'For', type: 'text' },
  ],
  fields: [
    {
      key: 'channel',
      label: 'Channel',
      type: 'select',
      options: choices(TEMPLATE_CHANNELS),
      required: true,
      only: 'create',
    },
    {
      key: 'code',
      label: 'Code',
      type: 'text',
      required: true,
      only: 'create',
      help: 'e.g. welcome or invoice.reminder',
    },
    { key: 'name', label: 'Name', type: 'text', required: true },
    {
      key: 'language',
      label: 'Language',
      type: 'text',
      required: true,
      only: 'create',
      help: 'Two letters, e.g. cs or en',
    },
    { key: 'context', label: 'For', type: 'text', required: true, only: 'create', help: 'customer, service …' },
    { key: 'subject', label: 'Subject', type: 'text', help: 'Variables as {{customer.name}}' },
    { key: 'html', label: 'HTML body', type: 'textarea' },
    { key: 'text', label: 'Text body (or the SMS)', type: 'textarea' },
  ],
};

const statusColors = { queued: '#6b7280', sending: '#2563eb', sent: '#15803d', failed: '#b91c1c' };

/** The outbox; a customer's card lists its messages and sends new ones from its "Messages" tab. */
const messagesResource: AdminResourceDefinition = {
  name: 'messages',
  label: 'Messages',
  labelSingular: 'E-mail',
  apiPath: '/api/messages',
  navGroup: NAV,
  permission: MESSAGES_READ,
  createPermission: MESSAGES_SEND,
  titleField: 'subject',
  recordType: 'message',
  listColumns: [
    { key: 'subject', label: 'Subject' },
    { key: 'recipients', label: 'To' },
    { key: 'status', label: 'Status', type: 'status' },
    { key: 'attempts', label: 'Attempts' },
    { key: 'createdAt', label: 'Queued', type: 'datetime' },
  ],
  filters: [{ key: 'status', label: 'Status', type: 'select', options: choices(MESSAGE_STATUSES) }],
  actions: [
    {
      key: 'resend',
      label: 'Send again',
      path: '/api/messages/:id/resend',
      method: 'POST',
      permission: MESSAGES_SEND,
      confirm: 'Send this message again?',
    },
  ],
  fields: [
    customerField({ required: true }),
    { key: 'templateId', label: 'Template', type: 'reference', reference: 'templates' },
    { key: 'addresses', label: "Customer's addresses", type: 'multiselect', options: choices(ADDRESS_KINDS) },
    { key: 'subject', label: 'Subject', type: 'text', help: "Empty: the template's" },
    { key: 'body', label: 'Text', type: 'textarea', help: 'Without a template' },
    { key: 'mailbox', label: 'From', type: 'email', help: 'Empty: the mailbox you used last' },
    { key: 'priority', label: 'Priority', type: 'number' },
    {
      key: 'status',
      label: 'Status',
      type: 'status',
      readOnly: true,
      colors: statusColors,
      options: choices(MESSAGE_STATUSES),
    },
    { key: 'lastError', label: 'Last error', type: 'text', readOnly: true },
  ],
};

/** Sending an SMS, from the customer card's "SMS" tab: no list of its own (the outbox lists SMS among messages). */
const smsResource: AdminResourceDefinition = {
  name: 'sms',
  label: 'SMS',
  labelSingular: 'SMS',
  apiPath: '/api/messages/sms',
  hidden: true,
  permission: MESSAGES_READ,
  createPermission: MESSAGES_SEND,
  titleField: 'text',
  listColumns: [{ key: 'text', label: 'Text' }],
  fields: [
    customerField({ required: true }),
    { key: 'templateId', label: 'Template', type: 'reference', reference: 'templates', help: 'An SMS template' },
    { key: 'text', label: 'Text', type: 'textarea', help: 'Without a template' },
    {
      key: 'userId',
      label: 'To a technician',
      type: 'reference',
      reference: 'users',
      help: "Instead of the customer's mobile: a user with a phone",
    },
    { key: 'priority', label: 'Priority', type: 'number' },
  ],
};

/** On an event, a template to a recipient; the event list comes from `GET /api/notification-rules/events`. */
const notificationRulesResource: AdminResourceDefinition = {
  name: 'notification-rules',
  label: 'Notification rules',
  labelSingular: 'Notification rule',
  apiPath: '/api/notification-rules',
  navGroup: NAV,
  permission: TEMPLATES_READ,
  createPermission: NOTIFICATIONS_MANAGE,
  titleField: 'name',
  softDelete: true,
  hasHistory: true,
  recordType: 'notification-rule',
  listColumns: [
    { key: 'name', label: 'Name', sortable: true },
    { key: 'eventType', label: 'On' },
    { key: 'recipientKind', label: 'To' },
    { key: 'isActive', label: 'Active', type: 'boolean' },
  ],
  filters: [{ key: 'eventType', label: 'On', type: 'text' }],
  fields: [
    { key: 'name', label: 'Name', type: 'text', required: true },
    {
      key: 'eventType',
      label: 'On the event',
      type: 'select',
      required: true,
      only: 'create',
      optionsFrom: { path: '/api/notification-rules/events', value: 'type', label: 'type' },
    },
    { key: 'templateId', label: 'Template', type: 'reference', reference: 'templates', required: true },
    { key: 'recipientKind', label: 'Recipient', type: 'select', options: choices(RECIPIENT_KINDS), required: true },
    {
      key: 'addressKind',
      label: "Customer's address",
      type: 'select',
      options: choices(ADDRESS_KINDS),
      help: 'For the customer as recipient',
    },
    { key: 'userId', label: 'User', type: 'reference', reference: 'users', help: 'For a chosen user as recipient' },
    {
      key: 'groupId',
      label: 'User group',
      type: 'reference',
      reference: 'user-groups',
      help: 'For a user group as recipient: each member',
    },
    { key: 'priority', label: 'Priority', type: 'number' },
    { key: 'isActive', label: 'Active', type: 'boolean' },
  ],
};

export const templatesAdminResources = [templatesResource, messagesResource, smsResource, notificationRulesResource];

export const templatesAdminTabs: AdminTab[] = [
  {
    on: ['customers'],
    key: 'messages',
    label: 'Messages',
    listPath: '/api/messages?filter[customerId]=:id',
    permission: MESSAGES_READ,
    columns: [
      { key: 'subject', label: 'Subject' },
      { key: 'recipients', label: 'To' },
      { key: 'status', label: 'Status', type: 'status' },
      { key: 'createdAt', label: 'Queued', type: 'datetime' },
    ],
    createResource: 'messages',
  },
  {
    on: ['customers'],
    key: 'sms',
    label: 'SMS',
    listPath: '/api/messages?filter[customerId]=:id&filter[channel]=sms',
    permission: MESSAGES_READ,
    columns: [
      { key: 'text', label: 'Text' },
      { key: 'recipients', label: 'To' },
      { key: 'status', label: 'Status', type: 'status' },
      { key: 'createdAt', label: 'Queued', type: 'datetime' },
    ],
    createResource: 'sms',
    // Sending SMS exists only while a gateway is configured.
    when: { path: '/api/sms/gateway', field: 'configured' },
  },
];
