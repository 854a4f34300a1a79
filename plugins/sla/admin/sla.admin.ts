import type { AdminField, AdminResourceDefinition, AdminTab } from '@clientele/core';
import { WEEKDAYS } from '../business-time/calendar-definition.js';
import { SLA_ASSIGN, SLA_MANAGE, SLA_READ } from '../constants.js';

const NAV = 'SLA';
const DAY_LABELS = {
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
  sun: 'Sunday',
};
const SHORT_DAY_LABELS = { mon: 'Mon', tue: 'Tue', wed: 'Wed', thu: 'Thu', fri: 'Fri', sat: 'Sat', sun: 'Sun' };

/** One row per window of the day, edited in place; listed as "08:00 12:00, 13:00 17:00". */
const dayFields: AdminField[] = WEEKDAYS.map((day) => ({
  key: `week.${day}`,
  label: DAY_LABELS[day],
  type: 'rows',
  maxRows: 12,
  rowFields: [
    { key: 'from', label: 'From', type: 'text' },
    { key: 'to', label: 'To', type: 'text' },
  ],
  help: day === 'mon' ? 'Local times HH:mm; a window may end at 24:00' : undefined,
}));

/** Calendars, listed as a week: one column per day showing its windows. */
const calendarsResource: AdminResourceDefinition = {
  name: 'sla-calendars',
  label: 'Calendars',
  labelSingular: 'Calendar',
  apiPath: '/api/sla/calendars',
  navGroup: NAV,
  permission: SLA_READ,
  createPermission: SLA_MANAGE,
  titleField: 'name',
  softDelete: true,
  hasHistory: true,
  listColumns: [
    { key: 'name', label: 'Name', sortable: true },
    { key: 'timeZone', label: 'Time zone' },
    { key: 'aroundTheClock', label: '24/7', type: 'boolean' },
    ...WEEKDAYS.map((day) => ({ key: `week.${day}`, label: SHORT_DAY_LABELS[day] })),
  ],
  fields: [
    { key: 'name', label: 'Name', type: 'text', required: true },
    {
      key: 'timeZone',
      label: 'Time zone',
      type: 'text',
      required: true,
      help: 'IANA name, e.g. Europe/Prague; windows and holidays are in its local time',
    },
    {
      key: 'aroundTheClock',
      label: 'Around the clock',
      type: 'boolean',
      help: 'Every minute counts; windows and holidays are ignored',
    },
    ...dayFields,
    {
      key: 'holidays',
      label: 'Holidays',
      type: 'rows',
      maxRows: 100,
      rowFields: [
        { key: 'date', label: 'Date', type: 'text' },
        { key: 'name', label: 'Name', type: 'text' },
      ],
      help: 'YYYY-MM-DD for one day, MM-DD for the same day every year',
    },
    {
      key: 'publicHolidays',
      label: 'Public holidays',
      type: 'json',
      help: 'A country\'s public holidays as days off, e.g. {"country": "CZ"} or {"country": "US", "state": "NY"}',
    },
  ],
  fieldsets: [
    { key: 'week', label: 'Working week', fields: dayFields.map((f) => f.key) },
    { key: 'daysOff', label: 'Days off', fields: ['holidays', 'publicHolidays'] },
  ],
};

const contractsResource: AdminResourceDefinition = {
  name: 'sla-contracts',
  label: 'Contracts',
  labelSingular: 'Contract',
  apiPath: '/api/sla/contracts',
  navGroup: NAV,
  permission: SLA_READ,
  createPermission: SLA_MANAGE,
  titleField: 'name',
  softDelete: true,
  hasHistory: true,
  listColumns: [
    { key: 'name', label: 'Name', sortable: true },
    { key: 'defaultLevel', label: 'Default level' },
    { key: 'warningPercents', label: 'Warn at %' },
    { key: 'isDefault', label: 'Default contract', type: 'boolean' },
  ],
  fields: [
    { key: 'name', label: 'Name', type: 'text', required: true },
    {
      key: 'levels',
      label: 'Levels',
      type: 'rows',
      maxRows: 20,
      only: 'create',
      required: true,
      rowFields: [
        { key: 'code', label: 'Code', type: 'text' },
        { key: 'name', label: 'Name', type: 'text' },
      ],
      help: 'e.g. critical, high, normal, low; set their targets on the Levels tab afterwards',
    },
    {
      key: 'defaultLevel',
      label: 'Default level',
      type: 'text',
      required: true,
      help: "Code of the level used until a ticket's severity is assessed",
    },
    {
      key: 'pauses',
      label: 'Pausing states',
      type: 'json',
      help: 'e.g. [{"state": "waiting for customer", "clocks": ["nextResponse", "resolution"]}]',
    },
    { key: 'warningPercents', label: 'Warn at (% of a target)', type: 'json', help: 'e.g. [80]' },
    { key: 'isDefault', label: 'Default contract', type: 'boolean', help: 'Applies to tickets no contract is put on' },
  ],
};

const duration = (key: string, label: string): AdminField => ({
  key: `${key}Minutes`,
  label,
  type: 'duration',
  unit: 'minutes',
});
const calendar = (key: string): AdminField => ({
  key: `${key}CalendarId`,
  label: 'counted in',
  type: 'reference',
  reference: 'sla-calendars',
  help: 'Empty: around the clock',
});

/** Levels are edited on their contract (the tab below), so they stay out of the navigation. */
const levelsResource: AdminResourceDefinition = {
  name: 'sla-levels',
  label: 'Levels',
  labelSingular: 'Level',
  apiPath: '/api/sla/levels',
  navGroup: NAV,
  hidden: true,
  permission: SLA_READ,
  createPermission: SLA_MANAGE,
  titleField: 'name',
  hasHistory: true,
  listColumns: [
    { key: 'code', label: 'Code' },
    { key: 'name', label: 'Name' },
  ],
  fields: [
    {
      key: 'contractId',
      label: 'Contract',
      type: 'reference',
      reference: 'sla-contracts',
      required: true,
      only: 'create',
    },
    {
      key: 'code',
      label: 'Code',
      type: 'text',
      required: true,
      only: 'create',
      help: 'The severity the helpdesk sends, e.g. critical',
    },
    { key: 'name', label: 'Name', type: 'text', required: true },
    { key: 'position', label: 'Order', type: 'number' },
    duration('firstResponse', 'First response within'),
    calendar('firstResponse'),
    duration('nextResponse', 'Next response within'),
    calendar('nextResponse'),
    duration('resolution', 'Resolution within'),
    calendar('resolution'),
  ],
  fieldsets: [
    { key: 'firstResponse', label: 'First response', fields: ['firstResponseMinutes', 'firstResponseCalendarId'] },
    {
      key: 'nextResponse',
      label: 'Next response (after each customer message)',
      fields: ['nextResponseMinutes', 'nextResponseCalendarId'],
    },
    { key: 'resolution', label: 'Resolution', fields: ['resolutionMinutes', 'resolutionCalendarId'] },
  ],
};

/** A contract put on a record, edited from the record's "SLA contract" tab. */
const assignmentsResource: AdminResourceDefinition = {
  name: 'sla-assignments',
  label: 'SLA contracts of records',
  labelSingular: 'SLA contract of a record',
  apiPath: '/api/sla/assignments',
  navGroup: NAV,
  hidden: true,
  permission: SLA_READ,
  createPermission: SLA_ASSIGN,
  titleField: 'contractName',
  hasHistory: true,
  nodeField: 'nodeId',
  listColumns: [{ key: 'contractName', label: 'Contract' }],
  fields: [
    { key: 'nodeId', label: 'Record', type: 'text', required: true, only: 'create', help: 'Filled in from the record' },
    { key: 'contractId', label: 'Contract', type: 'reference', reference: 'sla-contracts', required: true },
    { key: 'contractName', label: 'Contract', readOnly: true, only: 'edit' },
  ],
};

/** What is about to breach: the open clocks of tickets, soonest due first; read-only. */
const clocksResource: AdminResourceDefinition = {
  name: 'sla-clocks',
  label: 'Clocks due',
  labelSingular: 'Clock',
  apiPath: '/api/sla/clocks',
  navGroup: NAV,
  permission: SLA_READ,
  titleField: 'kind',
  listColumns: [
    { key: 'deadline', label: 'Deadline', type: 'datetime', sortable: true },
    { key: 'state', label: 'State', type: 'status' },
    { key: 'kind', label: 'Clock' },
    { key: 'level', label: 'Level' },
    { key: 'recordType', label: 'Record' },
    { key: 'recordId', label: 'Record id' },
  ],
  filters: [{ key: 'contractId', label: 'Contract', type: 'reference', reference: 'sla-contracts' }],
  fields: [
    {
      key: 'state',
      label: 'State',
      type: 'status',
      readOnly: true,
      options: [
        { value: 'running', label: 'Running' },
        { value: 'paused', label: 'Paused' },
        { value: 'breached', label: 'Breached' },
      ],
      colors: { running: '#2563eb', paused: '#6b7280', breached: '#dc2626' },
    },
    {
      key: 'kind',
      label: 'Clock',
      type: 'select',
      readOnly: true,
      options: [
        { value: 'firstResponse', label: 'First response' },
        { value: 'nextResponse', label: 'Next response' },
        { value: 'resolution', label: 'Resolution' },
      ],
    },
  ],
};

export const slaAdminResources = [
  calendarsResource,
  contractsResource,
  levelsResource,
  assignmentsResource,
  clocksResource,
];

export const slaAdminTabs: AdminTab[] = [
  {
    // On every record: the contract put on it applies to the tickets below it.
    on: ['*'],
    key: 'sla-contract',
    label: 'SLA contract',
    listPath: '/api/sla/assignments?filter[nodeId]=:nodeId',
    permission: SLA_READ,
    createResource: 'sla-assignments',
    columns: [
      { key: 'contractName', label: 'Contract' },
      { key: 'createdAt', label: 'Since', type: 'datetime' },
    ],
  },
  {
    on: ['sla-contracts'],
    key: 'sla-levels',
    label: 'Levels',
    listPath: '/api/sla/levels?filter[contractId]=:id',
    permission: SLA_READ,
    createResource: 'sla-levels',
    columns: [
      { key: 'code', label: 'Code' },
      { key: 'name', label: 'Name' },
      { key: 'firstResponseMinutes', label: 'First response', type: 'duration' },
      { key: 'nextResponseMinutes', label: 'Next response', type: 'duration' },
      { key: 'resolutionMinutes', label: 'Resolution', type: 'duration' },
    ],
  },
  {
    // The preview: what a ticket coming in now would be promised, level by level.
    on: ['sla-contracts'],
    key: 'sla-deadlines',
    label: 'Deadlines if a ticket came in now',
    listPath: '/api/sla/contracts/:id/deadlines',
    permission: SLA_READ,
    columns: [
      { key: 'levelName', label: 'Level' },
      { key: 'clockName', label: 'Clock' },
      { key: 'targetMinutes', label: 'Target', type: 'duration' },
      { key: 'calendarName', label: 'Calendar' },
      { key: 'deadline', label: 'Deadline (your time)', type: 'datetime' },
      { key: 'deadlineOnCalendarClock', label: "Deadline (calendar's time)" },
    ],
  },
];
