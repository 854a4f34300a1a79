import type { AdminResourceDefinition, AdminTab } from '@clientele/core';
import { NOTES_READ, NOTES_WRITE } from '../constants.js';

const columns = [
  { key: 'text', label: 'Note', type: 'html' as const },
  { key: 'authorName', label: 'Author' },
  { key: 'createdAt', label: 'Written', type: 'datetime' as const },
  { key: 'alert', label: 'Alert', type: 'boolean' as const },
  { key: 'private', label: 'Private', type: 'boolean' as const },
];

/** Notes are read and written on the record they belong to (the tab below), so the resource stays out of the navigation. */
export const notesResource: AdminResourceDefinition = {
  name: 'notes',
  label: 'Notes',
  labelSingular: 'Note',
  apiPath: '/api/notes',
  permission: NOTES_READ,
  // Authors change their own notes with notes.write; the server answers 403 for the rest.
  createPermission: NOTES_WRITE,
  titleField: 'authorName',
  listColumns: columns.map((c) => ({ ...c, sortable: c.key === 'createdAt' })),
  searchable: true,
  filters: [
    { key: 'alert', label: 'Alert', type: 'boolean' },
    { key: 'private', label: 'Private', type: 'boolean' },
    { key: 'nodeId', label: 'Record', type: 'text' },
  ],
  fields: [
    {
      key: 'nodeId',
      label: 'Record',
      type: 'text',
      required: true,
      only: 'create',
      help: 'Filled in from the record the note is written on',
    },
    {
      key: 'text',
      label: 'Note',
      type: 'textarea',
      required: true,
      help: 'Plain text, or bold, italics, lists and links',
    },
    { key: 'alert', label: 'Alert', type: 'boolean', help: 'Pops up when someone opens the record' },
    { key: 'private', label: 'Private', type: 'boolean', help: 'Only you (and master admins) can see it' },
    { key: 'authorName', label: 'Author', readOnly: true, only: 'edit' },
    { key: 'deletedByName', label: 'Deleted by', readOnly: true, only: 'edit' },
  ],
  softDelete: true,
  hasHistory: true,
  hidden: true,
};

/** A "Notes" tab on every record that has a scope node, and its alerts as a pop-up when the record opens. */
export const notesTab: AdminTab = {
  on: ['*'],
  key: 'notes',
  label: 'Notes',
  listPath: '/api/notes?filter[nodeId]=:nodeId',
  columns,
  permission: NOTES_READ,
  createResource: 'notes',
  alerts: {
    path: '/api/notes/alerts?node=:nodeId',
    textField: 'text',
    html: true,
    metaFields: ['authorName', 'createdAt'],
  },
};
