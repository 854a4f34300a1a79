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

export interface Cell {
  text: string;
  /** Support parameters and similar markers carry their own colour. */
  color?: string;
  href?: string;
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const COLOR = /^#[0-9a-f]{3,8}$|^[a-z]{3,20}$/i;

/** How one value reads in a table cell or on a card. */
export function formatValue(labels: Labels, value: unknown, type: AdminFieldType | undefined, references?: Map<string, Cell>): Cell {
  if (value === null || value === undefined || value === '') return { text: '—' };
  if (type === 'reference' && typeof value === 'string') return references?.get(value) ?? { text: value };
  if (typeof value === 'boolean') return { text: labels.t(value ? 'common.yes' : 'common.no') };
  const looksLikeTime = typeof value === 'string' && ISO_TIME.test(value);
  if (type === 'datetime' || type === 'date' || looksLikeTime) return { text: labels.formatDate(value as string, type !== 'date') };
  if (Array.isArray(value)) return { text: value.map((v) => formatValue(labels, v, undefined).text).join(', ') };
  if (typeof value === 'object') {
    const marker = value as { value?: unknown; color?: unknown };
    if ('value' in marker) return { text: formatValue(labels, marker.value, type).text, color: typeof marker.color === 'string' && COLOR.test(marker.color) ? marker.color : undefined };
    return { text: JSON.stringify(value) };
  }
  if (type === 'color' && typeof value === 'string' && COLOR.test(value)) return { text: value, color: value };
  return { text: String(value) };
}
