import type { AdminResource } from '../catalog.js';
import { recordText, submittedValues, toPayload, valuesOf } from './form-values.js';

const visits: AdminResource = {
  plugin: 'field-visits',
  name: 'visits',
  label: 'Visits',
  apiPath: '/api/visits',
  permission: 'visits.read',
  titleField: 'title',
  listColumns: [],
  fields: [
    { key: 'title', label: 'Visit', required: true },
    { key: 'price', label: 'Price', type: 'money' },
    { key: 'duration', label: 'Duration', type: 'duration' },
    { key: 'scheduledAt', label: 'When', type: 'datetime' },
    { key: 'photo', label: 'Photo', type: 'file', upload: { path: '/api/visits/:id/photo' } },
    {
      key: 'taxIds',
      label: 'Tax IDs',
      type: 'rows',
      maxRows: 3,
      rowFields: [
        { key: 'type', label: 'Kind', type: 'select', options: [{ value: 'ico', label: 'IČO' }] },
        { key: 'value', label: 'Number' },
      ],
    },
  ],
};

describe('form values of the widget fields', () => {
  it('reads rows column by column, dropping rows left empty and rows past the limit', () => {
    const values = submittedValues(visits, 'create', {
      title: 'Visit',
      'taxIds.type': ['ico', 'dic', 'ico', 'vat', 'inn'],
      'taxIds.value': ['25596641', '', 'CZ1', '2', '3'],
    });
    expect(values.taxIds).toEqual([
      { type: 'ico', value: '25596641' },
      { type: 'ico', value: 'CZ1' },
    ]);
    expect(toPayload(visits, 'create', values).payload.taxIds).toEqual([
      { type: 'ico', value: '25596641' },
      { type: 'ico', value: 'CZ1' },
    ]);
  });

  it('sends typed amounts, durations and times in the units the API keeps, and names the fields it cannot read', () => {
    const values = submittedValues(visits, 'create', {
      title: 'Visit',
      price: '1 234,5',
      duration: '1:30',
      scheduledAt: '2026-03-02T09:30',
    });
    expect(toPayload(visits, 'create', values, undefined, 'Europe/Prague')).toEqual({
      payload: { title: 'Visit', price: 123450, duration: 90, scheduledAt: '2026-03-02T08:30:00.000Z' },
      localErrors: [],
    });
    const wrong = submittedValues(visits, 'create', { title: 'Visit', price: '12 Kč', duration: 'soon' });
    expect(toPayload(visits, 'create', wrong).localErrors.map((e) => [e.field, e.code])).toEqual([
      ['price', 'INVALID_MONEY'],
      ['duration', 'INVALID_DURATION'],
    ]);
  });

  it('shows stored values in the inputs (times in the reader’s zone) and sends back only what changed', () => {
    const record = {
      title: 'Visit',
      price: 123450,
      duration: 90,
      scheduledAt: '2026-03-02T08:30:00.000Z',
      taxIds: [{ type: 'ico', value: '1' }],
    };
    const original = valuesOf(visits, 'edit', record, 'Europe/Prague');
    expect(original).toEqual({
      title: 'Visit',
      price: '1234.50',
      duration: '1 h 30 min',
      scheduledAt: '2026-03-02T09:30',
      taxIds: [{ type: 'ico', value: '1' }],
    });
    expect(toPayload(visits, 'edit', { ...original, price: '1300' }, original, 'Europe/Prague').payload).toEqual({
      price: 130000,
    });
    expect(recordText(visits.fields[5], null)).toEqual([]);
  });

  it('never puts a file field into the record’s body', () => {
    expect(Object.keys(submittedValues(visits, 'edit', { photo: 'x' }))).not.toContain('photo');
  });
});
