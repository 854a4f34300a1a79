import type { AdminField } from '@clientele/core';
import { DateTime } from 'luxon';
import { formatDuration, moneyInput, parseDuration, parseMoney } from '../amounts.js';
import type { AdminResource } from '../catalog.js';
import { setValueAt, valueAt } from '../values.js';

export type FormMode = 'create' | 'edit';
export type Submitted = Record<string, string | string[] | undefined>;
/** A form value as the inputs hold it: text, the ticked options, or the rows of a `rows` field. */
export type FormValue = string | string[] | Record<string, string>[];
export type FormValues = Record<string, FormValue>;
export interface LocalError {
  field: string;
  code: string;
  message: string;
}

/** Files are sent on their own (see the upload route), never as part of the record's body. */
export const formFields = (r: AdminResource, mode: FormMode) =>
  r.fields.filter((f) => !f.readOnly && f.type !== 'file' && (!f.only || f.only === mode));

const DATETIME_INPUT = "yyyy-MM-dd'T'HH:mm";

/** A stored value as its input shows it; `timeZone` is the reader's, for date-times. */
export function recordText(field: AdminField, value: unknown, timeZone?: string): FormValue {
  if (value === null || value === undefined) return field.type === 'multiselect' || field.type === 'rows' ? [] : '';
  switch (field.type) {
    case 'multiselect':
      return Array.isArray(value) ? value.map(String) : [String(value)];
    case 'rows':
      return Array.isArray(value)
        ? value.map((item) =>
            Object.fromEntries((field.rowFields ?? []).map((sub) => [sub.key, textOf(valueAt(item, sub.key))])),
          )
        : [];
    case 'json':
      return typeof value === 'string' ? value : JSON.stringify(value, null, 2);
    case 'boolean':
      return value === true ? 'true' : '';
    case 'money':
      return typeof value === 'number' ? moneyInput(value) : String(value);
    case 'duration':
      return typeof value === 'number' ? formatDuration(value, field.unit ?? 'minutes') : String(value);
    case 'datetime': {
      const at = typeof value === 'string' ? DateTime.fromISO(value, { zone: timeZone ?? 'UTC' }) : undefined;
      return at?.isValid ? at.toFormat(DATETIME_INPUT) : String(value);
    }
    default:
      return String(value);
  }
}

const textOf = (value: unknown) => (value === null || value === undefined ? '' : String(value));
const last = (raw: string | string[] | undefined) => (Array.isArray(raw) ? raw[raw.length - 1] : raw) ?? '';
const all = (raw: string | string[] | undefined) => (raw === undefined ? [] : [raw].flat());

export function valuesOf(r: AdminResource, mode: FormMode, record: unknown, timeZone?: string): FormValues {
  return Object.fromEntries(formFields(r, mode).map((f) => [f.key, recordText(f, valueAt(record, f.key), timeZone)]));
}

/**
 * What the user typed. A `rows` field posts one list per column (`taxIds.type`, `taxIds.value`),
 * read back row by row; rows left entirely empty are dropped.
 */
export function submittedValues(r: AdminResource, mode: FormMode, body: Submitted): FormValues {
  return Object.fromEntries(
    formFields(r, mode).map((f): [string, FormValue] => {
      if (f.type === 'multiselect') return [f.key, all(body[f.key])];
      if (f.type === 'rows') return [f.key, submittedRows(f, body)];
      if (f.type === 'boolean') return [f.key, last(body[f.key]) === 'true' ? 'true' : ''];
      return [f.key, last(body[f.key])];
    }),
  );
}

function submittedRows(field: AdminField, body: Submitted): Record<string, string>[] {
  const columns = (field.rowFields ?? []).map((sub) => [sub.key, all(body[`${field.key}.${sub.key}`])] as const);
  const count = Math.min(Math.max(0, ...columns.map(([, values]) => values.length)), field.maxRows ?? 100);
  const rows = Array.from({ length: count }, (_, i) =>
    Object.fromEntries(columns.map(([key, values]) => [key, values[i] ?? ''])),
  );
  // A row whose free-text inputs are all empty was never filled in (its select still shows a default choice).
  const typed = (field.rowFields ?? []).filter((sub) => sub.type !== 'select');
  return rows.filter((row) =>
    (typed.length ? typed : (field.rowFields ?? [])).some((sub) => row[sub.key].trim() !== ''),
  );
}

/** The API body: typed values; on edit only the changed fields, an emptied optional one as null. */
export function toPayload(
  r: AdminResource,
  mode: FormMode,
  values: FormValues,
  original?: FormValues,
  timeZone?: string,
) {
  const payload: Record<string, unknown> = {};
  const localErrors: LocalError[] = [];
  for (const f of formFields(r, mode)) {
    const value = values[f.key];
    if (mode === 'edit' && original && JSON.stringify(original[f.key]) === JSON.stringify(value)) continue;
    if (typeof value !== 'string') {
      if (f.type === 'rows' && mode === 'create' && !value.length) continue;
      setValueAt(
        payload,
        f.key,
        f.type === 'rows' ? (value as Record<string, string>[]).map((row) => rowPayload(f, row)) : value,
      );
      continue;
    }
    if (f.type === 'boolean') {
      setValueAt(payload, f.key, value === 'true');
      continue;
    }
    if (value.trim() === '') {
      if (mode === 'create' && !f.required) continue;
      setValueAt(payload, f.key, f.required ? '' : null);
      continue;
    }
    const typed = typedValue(f, value, timeZone);
    if ('error' in typed) localErrors.push({ field: f.key, ...typed.error });
    else setValueAt(payload, f.key, typed.value);
  }
  return { payload, localErrors };
}

function rowPayload(field: AdminField, row: Record<string, string>) {
  return Object.fromEntries(
    (field.rowFields ?? []).map((sub) => [
      sub.key,
      sub.type === 'number' && row[sub.key] !== '' ? Number(row[sub.key]) : row[sub.key],
    ]),
  );
}

/** Text typed into one input as the API's type; the codes are translated like the API's own. */
function typedValue(
  f: AdminField,
  text: string,
  timeZone?: string,
): { value: unknown } | { error: { code: string; message: string } } {
  switch (f.type) {
    case 'number':
      return Number.isFinite(Number(text))
        ? { value: Number(text) }
        : { error: { code: 'INVALID_NUMBER', message: 'Not a number' } };
    case 'money': {
      const minor = parseMoney(text);
      return minor === null
        ? { error: { code: 'INVALID_MONEY', message: 'Not an amount (e.g. 1234.50)' } }
        : { value: minor };
    }
    case 'duration': {
      const amount = parseDuration(text, f.unit ?? 'minutes');
      return amount === null
        ? { error: { code: 'INVALID_DURATION', message: 'Not a duration (e.g. 1 h 30 min)' } }
        : { value: amount };
    }
    case 'datetime': {
      const at = DateTime.fromISO(text, { zone: timeZone ?? 'UTC' });
      return at.isValid
        ? { value: at.toUTC().toISO() }
        : { error: { code: 'INVALID_DATETIME', message: 'Not a date and time' } };
    }
    case 'json':
      try {
        return { value: JSON.parse(text) };
      } catch {
        return { error: { code: 'INVALID_JSON', message: 'Not valid JSON' } };
      }
    default:
      return { value: text };
  }
}
