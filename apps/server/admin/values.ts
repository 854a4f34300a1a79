import type { AdminFieldType } from '@clientele/core';
import type { Labels } from './labels.js';

/** Reads `address.city` from a row. */
export function valueAt(row: unknown, path: string): unknown {
  return path.split('.').reduce<any>((value, key) => (value == null ? undefined : value[key]), row);
}

/** Writes `address.city` into a request body. */
export function setValueAt(target: Record<string, any>, path: string, value: unknown) {
  const keys = path.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) node = node[key] ??= {};
  node[keys[keys.length - 1]] = value;
}

/**
 * A row's value under `holder.key`, where the holder is either a map keyed by column key or an
 * array of `{ [keyField]: key, … }` elements (support values come as such a list).
 */
export function keyedValue(row: unknown, holder: string, key: string, keyField = 'key'): unknown {
  const values = valueAt(row, holder);
  if (Array.isArray(values)) return values.find((element) => element?.[keyField] === key);
  return values == null ? undefined : (values as Record<string, unknown>)[key];
}

export interface Cell {
  text: string;
  /** Support parameters and similar markers carry their own colour. */
  color?: string;
  href?: string;
  /** Markup the API has already sanitised (`type: 'html'`); nothing else is ever unescaped. */
  html?: string;
  /** A moment (ISO), shown in the reader's time zone. */
  datetime?: string;
  /** A status badge rather than a plain chip. */
  badge?: boolean;
  /** A list of small records shown as coloured chips (a customer's groups). */
  chips?: { text: string; color?: string }[];
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const COLOR = /^#[0-9a-f]{3,8}$|^[a-z]{3,20}$/i;

/** How one value reads in a table cell or on a card. */
export function formatValue(
  labels: Labels,
  value: unknown,
  type: AdminFieldType | undefined,
  references?: Map<string, Cell>,
): Cell {
  if (value === null || value === undefined || value === '') return { text: '—' };
  if (type === 'html' && typeof value === 'string') return { text: '', html: value };
  if (type === 'reference' && typeof value === 'string') return references?.get(value) ?? { text: value };
  if (type === 'chips') return chipsCell(value);
  if (typeof value === 'boolean') return { text: labels.t(value ? 'common.yes' : 'common.no') };
  const looksLikeTime = typeof value === 'string' && ISO_TIME.test(value);
  if (type === 'datetime' || type === 'date' || looksLikeTime) {
    const withTime = type !== 'date';
    return {
      text: labels.formatDate(value as string, withTime),
      datetime: withTime && typeof value === 'string' ? value : undefined,
    };
  }
  if (Array.isArray(value))
    return { text: value.length ? value.map((v) => formatValue(labels, v, undefined).text).join(', ') : '—' };
  if (typeof value === 'object') return formatObject(labels, value as Record<string, unknown>, type);
  if (type === 'color' && typeof value === 'string' && COLOR.test(value)) return { text: value, color: value };
  return { text: String(value) };
}

const colorOf = (value: unknown) => (typeof value === 'string' && COLOR.test(value) ? value : undefined);

/** A list of small records (`[{ name, color }]`, or the fields named) as chips in their colours; its text for anything else. */
export function chipsCell(value: unknown, labelField = 'name', colorField = 'color'): Cell {
  if (!Array.isArray(value) || !value.length) return { text: '—' };
  const chips = value.map((element) =>
    element && typeof element === 'object'
      ? { text: String(element[labelField] ?? ''), color: colorOf(element[colorField]) }
      : { text: String(element) },
  );
  return { text: chips.map((chip) => chip.text).join(', '), chips };
}

/**
 * Objects the API returns in a few well-known shapes: a marker `{ value, color }`, a change
 * `{ at, by: { displayName } }` ("last change"), a resolved reference `{ name, color? }`.
 * Anything else stays JSON.
 */
function formatObject(labels: Labels, value: Record<string, unknown>, type: AdminFieldType | undefined): Cell {
  if (!Object.keys(value).length) return { text: '—' };
  if ('value' in value) return { text: formatValue(labels, value.value, type).text, color: colorOf(value.color) };
  if (typeof value.at === 'string' && ISO_TIME.test(value.at) && 'by' in value) {
    const by = value.by as { displayName?: unknown; name?: unknown } | null;
    const who =
      typeof by?.displayName === 'string'
        ? by.displayName
        : typeof by?.name === 'string'
          ? by.name
          : labels.t('history.system');
    return { text: labels.t('value.change', { at: labels.formatDate(value.at, true), who }) };
  }
  const name = value.displayName ?? value.name;
  if (typeof name === 'string') return { text: name, color: colorOf(value.color) };
  return { text: JSON.stringify(value) };
}
