import type { AdminField } from '@clientele/core';
import type { ApiError } from '../api-client.js';
import { pageModel, type AdminContext } from '../admin-context.js';
import type { AdminResource } from '../catalog.js';
import { referenceOptions, referenceTitle } from '../references.js';
import { valueAt } from '../values.js';
import { formFields, type FormMode, type FormValue, type FormValues } from './form-values.js';

export { formFields, submittedValues, toPayload, valuesOf, type FormMode } from './form-values.js';

const INPUT_TYPES: Record<string, string> = {
  email: 'email',
  phone: 'tel',
  url: 'url',
  number: 'number',
  date: 'date',
  datetime: 'datetime-local',
  password: 'password',
  color: 'color',
};

async function options(c: AdminContext, r: AdminResource, field: AdminField, optionKey = field.key) {
  if (field.type === 'reference') return referenceOptions(c, field.reference);
  if (field.optionsFrom) {
    const res = await c.api.get(field.optionsFrom.path, { limit: 500 });
    if (!res.ok) return [];
    return (res.body.items as any[]).map((item) => ({
      value: String(valueAt(item, field.optionsFrom!.value)),
      label: String(valueAt(item, field.optionsFrom!.label) ?? ''),
    }));
  }
  return (field.options ?? []).map((o) => ({ value: o.value, label: c.labels.option(r, optionKey, o.value, o.label) }));
}

export interface FormState {
  values: FormValues;
  /** The values as loaded, so an edit sends only what the user changed. */
  original?: FormValues;
  error?: ApiError;
  conflictBy?: string;
  version?: number;
  /** The page that opened the form (a card's tab), where saving and cancelling go back to. */
  returnTo?: string;
}

type Detail = { field: string; code?: string; message: string };

/** `taxIds.0.value` and `taxIds[0].value` both name row 0's `value`. */
const normalPath = (field: string) => field.replace(/\[(\w+)\]/g, '.$1');

/** A `rows` field: one line of inputs per small record, and an empty one to add another. */
async function rowsModel(c: AdminContext, r: AdminResource, f: AdminField, value: FormValue, details: Detail[]) {
  const rows = Array.isArray(value) ? (value as Record<string, string>[]).filter((row) => typeof row === 'object') : [];
  const subs = await Promise.all(
    (f.rowFields ?? []).map(async (sub) => ({
      sub,
      label: c.labels.field(r, `${f.key}.${sub.key}`, sub.label),
      choices: sub.type === 'select' || sub.options ? await options(c, r, sub, `${f.key}.${sub.key}`) : undefined,
    })),
  );
  const lines = rows.length < (f.maxRows ?? 100) ? [...rows, {}] : rows;
  const shown = new Set<Detail>();
  const errorAt = (i: number, key: string) => {
    const found = details.filter((d) => normalPath(d.field) === `${f.key}.${i}.${key}`);
    found.forEach((d) => shown.add(d));
    return found.map((d) => c.labels.errorMessage(d)).join(' ');
  };
  return {
    shown,
    columns: subs.map((s) => s.label),
    lines: lines.map((row: Record<string, string>, i) => ({
      cells: subs.map(({ sub, label, choices }) => {
        const error = errorAt(i, sub.key);
        return {
          name: `${f.key}.${sub.key}`,
          id: `field-${f.key}-${i}-${sub.key}`,
          label: `${label} ${i + 1}`,
          value: row[sub.key] ?? '',
          inputType: INPUT_TYPES[sub.type ?? 'text'] ?? 'text',
          options: choices?.map((o) => ({ ...o, selected: o.value === (row[sub.key] ?? '') })),
          error,
        };
      }),
    })),
  };
}

/** How a field is typed in: the partial `field.hbs` draws one input per kind. */
function kindOf(f: AdminField, hasChoices: boolean) {
  if (f.type === 'textarea' || f.type === 'json') return 'textarea';
  if (f.type === 'boolean') return 'checkbox';
  if (f.type === 'multiselect') return 'checkboxes';
  if (f.type === 'rows') return 'rows';
  if (f.type === 'reference' && f.autocomplete) return 'autocomplete';
  return hasChoices ? 'select' : 'input';
}

/** Inputs for the given fields, with the server's messages (in the reader's language) beside the ones they name. */
export function fieldModels(
  c: AdminContext,
  r: AdminResource,
  fields: AdminField[],
  values: FormValues,
  details: Detail[] = [],
) {
  return Promise.all(
    fields.map(async (f) => {
      const value = values[f.key] ?? '';
      const errors = details.filter(
        (d) => d.field === f.key || d.field.startsWith(`${f.key}.`) || d.field.startsWith(`${f.key}[`),
      );
      const kind = kindOf(
        f,
        ['select', 'reference', 'multiselect', 'status'].includes(f.type ?? '') || !!f.optionsFrom,
      );
      const choices = kind === 'select' || kind === 'checkboxes' ? await options(c, r, f) : undefined;
      const text = typeof value === 'string' ? value : '';
      const rows = kind === 'rows' ? await rowsModel(c, r, f, value, errors) : undefined;
      return {
        key: f.key,
        id: `field-${f.key.replace(/\W/g, '-')}`,
        label: c.labels.field(r, f.key, f.label),
        help: c.labels.help(r, f),
        required: !!f.required,
        kind,
        inputType: INPUT_TYPES[f.type ?? 'text'] ?? 'text',
        inputMode: f.type === 'money' ? 'decimal' : undefined,
        placeholder: f.type === 'duration' ? c.labels.t('form.durationHint') : undefined,
        suffix: f.type === 'money' ? f.currency : undefined,
        value: text,
        checked: value === 'true',
        options: choices?.map((o, i) => ({
          ...o,
          id: `field-${f.key}-${i}`,
          selected: Array.isArray(value) ? (value as string[]).includes(o.value) : o.value === value,
        })),
        rows,
        autocomplete:
          kind === 'autocomplete'
            ? { resource: f.reference, title: text ? await referenceTitle(c, f.reference, text) : '' }
            : undefined,
        error: errors
          .filter((e) => !rows?.shown.has(e))
          .map((e) => c.labels.errorMessage(e))
          .join(' '),
      };
    }),
  );
}

/** Where a form goes back to after saving: only pages of the admin itself. */
export const safeReturn = (value: unknown) =>
  typeof value === 'string' && value.startsWith('/admin/') && !value.startsWith('//') && !value.includes('\\')
    ? value
    : undefined;

/** The form's fields in the resource's fieldsets: those in none come first, without a heading. */
function groupFields<T extends { key: string }>(c: AdminContext, r: AdminResource, fields: T[]) {
  const named = new Set((r.fieldsets ?? []).flatMap((set) => set.fields));
  const groups = (r.fieldsets ?? []).map((set) => ({
    legend: c.labels.t(`fieldset.${r.name}.${set.key}`, {}, set.label),
    help: set.help,
    fields: set.fields.map((key) => fields.find((f) => f.key === key)).filter((f): f is T => !!f),
  }));
  return [
    {
      legend: undefined as string | undefined,
      help: undefined as string | undefined,
      fields: fields.filter((f) => !named.has(f.key)),
    },
    ...groups,
  ].filter((g) => g.fields.length);
}

export async function formPage(
  c: AdminContext,
  r: AdminResource,
  mode: FormMode,
  state: FormState,
  record?: { id: string; title: string },
) {
  const details = state.error?.details ?? [];
  const fields = await fieldModels(c, r, formFields(r, mode), state.values, details);
  const shown = new Set(fields.map((f) => f.key));
  const unmatched = details.filter(
    (d) => ![...shown].some((key) => d.field === key || d.field.startsWith(`${key}.`) || d.field.startsWith(`${key}[`)),
  );
  const singular = c.labels.singular(r);
  const title =
    mode === 'create'
      ? c.labels.t('form.createTitle', { what: singular })
      : c.labels.t('form.editTitle', { what: record?.title ?? singular });
  return pageModel(c, title, r, {
    resource: { name: r.name, label: c.labels.resource(r), singular },
    heading: title,
    mode,
    action: mode === 'create' ? `/admin/r/${r.name}` : `/admin/r/${r.name}/${record!.id}`,
    cancelHref: state.returnTo ?? (mode === 'create' ? `/admin/r/${r.name}` : `/admin/r/${r.name}/${record!.id}`),
    returnTo: state.returnTo,
    groups: groupFields(c, r, fields),
    version: state.version,
    original: state.original ? JSON.stringify(state.original) : undefined,
    conflict:
      state.conflictBy !== undefined
        ? { who: state.conflictBy, reloadHref: `/admin/r/${r.name}/${record!.id}/edit` }
        : undefined,
    summary:
      state.error && !state.conflictBy && (unmatched.length || !details.length)
        ? [state.error.message, ...unmatched.map((d) => `${d.field}: ${c.labels.errorMessage(d)}`)].filter(Boolean)
        : undefined,
  });
}
