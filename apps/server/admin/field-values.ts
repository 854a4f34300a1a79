import type { AdminField } from '@clientele/core';
import { formatDuration, formatMoney } from './amounts.js';
import type { AdminResource } from './catalog.js';
import type { Labels } from './labels.js';
import { formatValue, valueAt, type Cell } from './values.js';

/** The field that describes a list column of the same key (its currency, colours, options). */
export const fieldFor = (r: AdminResource, key: string): AdminField | undefined => r.fields.find((f) => f.key === key);

/**
 * How a record's value reads where its field is known: money in the reader's notation with its
 * currency, durations in hours and minutes, statuses as coloured badges, rows as short lines;
 * everything else as `formatValue` shows it.
 */
export function formatField(
  labels: Labels,
  r: AdminResource,
  field: AdminField,
  row: unknown,
  references?: Map<string, Cell>,
): Cell {
  const value = valueAt(row, field.key);
  if (value === null || value === undefined || value === '') return { text: '—' };
  switch (field.type) {
    case 'money':
      if (typeof value !== 'number') break;
      return { text: formatMoney(labels.lang, value, field.currency ?? stringAt(row, field.currencyField)) };
    case 'duration':
      if (typeof value !== 'number') break;
      return { text: formatDuration(value, field.unit ?? 'minutes') };
    case 'status':
      if (typeof value !== 'string') break;
      return { text: String(labels.choice(r, field, value)), color: field.colors?.[value], badge: true };
    case 'rows':
      if (!Array.isArray(value)) break;
      return { text: value.map((item) => rowText(labels, r, field, item)).join(', ') || '—' };
  }
  return formatValue(labels, labels.choice(r, field, value), field.type, references);
}

/** One small record as a line: `IČO 25596641`. */
function rowText(labels: Labels, r: AdminResource, field: AdminField, item: unknown) {
  return (field.rowFields ?? [])
    .map((sub) => {
      const option = sub.options?.find((o) => o.value === valueAt(item, sub.key));
      return option
        ? labels.option(r, `${field.key}.${sub.key}`, option.value, option.label)
        : formatValue(labels, valueAt(item, sub.key), sub.type).text;
    })
    .join(' ');
}

const stringAt = (row: unknown, path: string | undefined) => {
  const value = path ? valueAt(row, path) : undefined;
  return typeof value === 'string' ? value : undefined;
};
