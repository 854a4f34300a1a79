import type { AdminField } from '@clientele/core';
import type { ApiError } from '../api-client.js';
import { pageModel, type AdminContext } from '../admin-context.js';
import type { AdminResource } from '../catalog.js';
import { referenceOptions } from '../references.js';
import { setValueAt, valueAt } from '../values.js';

export type FormMode = 'create' | 'edit';
type Submitted = Record<string, string | string[] | undefined>;

const INPUT_TYPES: Record<string, string> = { email: 'email', phone: 'tel', url: 'url', number: 'number', date: 'date', datetime: 'datetime-local', password: 'password', color: 'color' };

export const formFields = (r: AdminResource, mode: FormMode) => r.fields.filter((f) => !f.readOnly && (!f.only || f.only === mode));

/** What the form shows for a value: the stored one on edit, the typed one after an error. */
function asFormText(field: AdminField, value: unknown): string | string[] {
  if (value === null || value === undefined) return field.type === 'multiselect' ? [] : '';
  if (field.type === 'multiselect') return Array.isArray(value) ? value.map(String) : [String(value)];
  if (field.type === 'json') return typeof value === 'string' ? value : JSON.stringify(value, null, 2);
  if (field.type === 'boolean') return value === true || value === 'true' || value === 'on' ? 'true' : '';
  if (field.type === 'datetime' && typeof value === 'string') return value.slice(0, 16);
  return String(value);
}

async function options(c: AdminContext, r: AdminResource, field: AdminField) {
  if (field.type === 'reference') return referenceOptions(c, field.reference);
  if (field.optionsFrom) {
    const res = await c.api.get(field.optionsFrom.path, { limit: 500 });
    if (!res.ok) return [];
    return (res.body.items as any[]).map((item) => ({ value: String(valueAt(item, field.optionsFrom!.value)), label: String(valueAt(item, field.optionsFrom!.label) ?? '') }));
  }
  return (field.options ?? []).map((o) => ({ value: o.value, label: c.labels.option(r, field.key, o.value, o.label) }));
}

export interface FormState {
  values: Record<string, string | string[]>;
  /** The values as loaded, so an edit sends only what the user changed. */
  original?: Record<string, string | string[]>;
  error?: ApiError;
  conflictBy?: string;
  version?: number;
  /** The page that opened the form (a card's tab), where saving and cancelling go back to. */
  returnTo?: string;
}

export function valuesOf(r: AdminResource, mode: FormMode, record: unknown): Record<string, string | string[]> {
  return Object.fromEntries(formFields(r, mode).map((f) => [f.key, asFormText(f, valueAt(record, f.key))]));
}

export function submittedValues(r: AdminResource, mode: FormMode, body: Submitted): Record<string, string | string[]> {
  return Object.fromEntries(formFields(r, mode).map((f) => {
    const raw = body[f.key];
    if (f.type === 'multiselect') return [f.key, raw === undefined ? [] : [raw].flat()];
    return [f.key, asFormText(f, Array.isArray(raw) ? raw[raw.length - 1] : raw)];
  }));
}

/** The API body: typed values; on edit only the changed fields, an emptied optional one as null. */
export function toPayload(r: AdminResource, mode: FormMode, values: Record<string, string | string[]>, original?: Record<string, string | string[]>) {
  const payload: Record<string, any> = {};
  const localErrors: { field: string; code: string; message: string }[] = [];
  for (const f of formFields(r, mode)) {
    const text = values[f.key];
    if (mode === 'edit' && original && JSON.stringify(original[f.key]) === JSON.stringify(text)) continue;
    let value: unknown = text;
    if (f.type === 'boolean') value = text === 'true';
    else if (f.type === 'multiselect') value = text;
    else if (text === '') {
      if (mode === 'create' && !f.required) continue;
      value = f.required ? '' : null;
    } else if (f.type === 'number') value = Number(text);
    else if (f.type === 'datetime') value = new Date(text as string).toISOString();
    else if (f.type === 'json') {
      try {
        value = JSON.parse(text as string);
      } catch {
        localErrors.push({ field: f.key, code: 'INVALID_JSON', message: 'Not valid JSON' });
        continue;
      }
    }
    setValueAt(payload, f.key, value);
  }
  return { payload, localErrors };
}

/** Inputs for the given fields, with the server's messages beside the ones they name. */
export function fieldModels(c: AdminContext, r: AdminResource, fields: AdminField[], values: Record<string, string | string[]>, details: { field: string; message: string }[] = []) {
  return Promise.all(fields.map(async (f) => {
    const value = values[f.key] ?? '';
    const errors = details.filter((d) => d.field === f.key || d.field.startsWith(`${f.key}.`) || d.field.startsWith(`${f.key}[`));
    const choices = ['select', 'reference', 'multiselect'].includes(f.type ?? '') || f.optionsFrom ? await options(c, r, f) : undefined;
    return {
      key: f.key,
      id: `field-${f.key.replace(/\W/g, '-')}`,
      label: c.labels.field(r, f.key, f.label),
      help: c.labels.help(r, f),
      required: !!f.required,
      kind: f.type === 'textarea' || f.type === 'json' ? 'textarea' : f.type === 'boolean' ? 'checkbox' : f.type === 'multiselect' ? 'checkboxes' : choices ? 'select' : 'input',
      inputType: INPUT_TYPES[f.type ?? 'text'] ?? 'text',
      value: Array.isArray(value) ? '' : value,
      checked: value === 'true',
      options: choices?.map((o, i) => ({ ...o, id: `field-${f.key}-${i}`, selected: Array.isArray(value) ? value.includes(o.value) : o.value === value })),
      error: errors.map((e) => e.message).join(' '),
    };
  }));
}

/** Where a form goes back to after saving: only pages of the admin itself. */
export const safeReturn = (value: unknown) => (typeof value === 'string' && value.startsWith('/admin/') && !value.startsWith('//') && !value.includes('\\') ? value : undefined);

export async function formPage(c: AdminContext, r: AdminResource, mode: FormMode, state: FormState, record?: { id: string; title: string }) {
  const details = state.error?.details ?? [];
  const fields = await fieldModels(c, r, formFields(r, mode), state.values, details);
  const matched = new Set(fields.filter((f) => f.error).map((f) => f.key));
  const unmatched = details.filter((d) => ![...matched].some((key) => d.field === key || d.field.startsWith(key)));
  const singular = c.labels.singular(r);
  const title = mode === 'create' ? c.labels.t('form.createTitle', { what: singular }) : c.labels.t('form.editTitle', { what: record?.title ?? singular });
  return pageModel(c, title, r, {
    resource: { name: r.name, label: c.labels.resource(r), singular },
    heading: title,
    mode,
    action: mode === 'create' ? `/admin/r/${r.name}` : `/admin/r/${r.name}/${record!.id}`,
    cancelHref: state.returnTo ?? (mode === 'create' ? `/admin/r/${r.name}` : `/admin/r/${r.name}/${record!.id}`),
    returnTo: state.returnTo,
    fields,
    version: state.version,
    original: state.original ? JSON.stringify(state.original) : undefined,
    conflict: state.conflictBy !== undefined ? { who: state.conflictBy, reloadHref: `/admin/r/${r.name}/${record!.id}/edit` } : undefined,
    summary: state.error && !state.conflictBy && (unmatched.length || !details.length) ? [state.error.message, ...unmatched.map((d) => `${d.field}: ${d.message}`)].filter(Boolean) : undefined,
  });
}
