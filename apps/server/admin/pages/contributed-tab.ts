import type { AdminTab } from '@clientele/core';
import qs from 'qs';
import { holds, type Held } from '../admin-access.js';
import type { AdminContext } from '../admin-context.js';
import type { AdminResource } from '../catalog.js';
import { fieldFor, formatField } from '../field-values.js';
import { formatValue, valueAt } from '../values.js';
import { fieldModels, formFields } from './form-page.js';

const TAB_PAGE_SIZE = 20;

/** `:id` and `:nodeId` of a tab's paths, filled in from the open record. */
export function recordPath(path: string, r: AdminResource, record: any) {
  const nodeId = r.nodeField ? valueAt(record, r.nodeField) : undefined;
  return path.replace(':id', record.id).replace(':nodeId', String(nodeId ?? ''));
}

/**
 * Values a row created from the tab takes from the open record: the reference field pointing at
 * the record's resource, and every `filter[key]=:id|:nodeId` of the tab's list (the rows the tab
 * lists are exactly those, so a new one must be one of them).
 */
function parentValues(r: AdminResource, tab: AdminTab, target: AdminResource, record: any): Record<string, string> {
  const values: Record<string, string> = {};
  const parentField = target.fields.find((f) => f.type === 'reference' && f.reference === r.name);
  if (parentField) values[parentField.key] = record.id;
  const filter = qs.parse(tab.listPath.split('?')[1] ?? '').filter as Record<string, unknown> | undefined;
  for (const [key, placeholder] of Object.entries(filter ?? {})) {
    if (placeholder === ':id' || placeholder === ':nodeId') values[key] = recordPath(placeholder, r, record);
  }
  return values;
}

/** The inline form that adds a row from the tab, when the user may create one at this record. */
async function createForm(
  c: AdminContext,
  r: AdminResource,
  tab: AdminTab,
  target: AdminResource,
  record: any,
  held: Held | string[],
) {
  if (!target.createPermission || !holds(held, target.createPermission) || !c.api.has('POST', target.apiPath))
    return undefined;
  const fixed = parentValues(r, tab, target, record);
  const visible = formFields(target, 'create').filter((f) => !(f.key in fixed));
  return {
    action: `/admin/r/${target.name}`,
    summary: c.labels.t('form.createTitle', { what: c.labels.singular(target) }),
    hidden: [
      ...Object.entries(fixed).map(([name, value]) => ({ name, value })),
      { name: '_return', value: `/admin/r/${r.name}/${record.id}?tab=${tab.key}` },
    ],
    fields: await fieldModels(c, target, visible, {}),
  };
}

/** A tab's cell reads as the field of the same key on its rows' resource does (a status badge, money …), when there is one. */
function cell(c: AdminContext, target: AdminResource | undefined, col: AdminTab['columns'][number], item: unknown) {
  const field = target ? fieldFor(target, col.key) : undefined;
  if (!target || !field) return formatValue(c.labels, valueAt(item, col.key), col.type);
  return formatField(c.labels, target, { ...field, label: col.label, type: col.type ?? field.type }, item);
}

/** A tab another plugin adds to the card: its rows (newest page first, as the API orders them), paging and an inline "new" form. */
export async function contributedTab(
  c: AdminContext,
  r: AdminResource,
  tab: AdminTab,
  record: any,
  held: Held | string[],
  cursor?: string,
) {
  const res = await c.api.get(recordPath(tab.listPath, r, record), {
    limit: TAB_PAGE_SIZE,
    cursor: cursor || undefined,
  });
  const target = tab.createResource ? c.catalog.find(tab.createResource) : undefined;
  const canOpen = !!target && c.api.has('GET', `${target.apiPath}/:id`);
  const here = `/admin/r/${r.name}/${record.id}?tab=${tab.key}`;
  return {
    columns: tab.columns.map((col) => ({ label: c.labels.t(`tab.${tab.key}.${col.key}`, {}, col.label) })),
    rows: res.ok
      ? (res.body.items as any[]).map((item) => ({
          href: canOpen && item.id ? `/admin/r/${target!.name}/${item.id}` : undefined,
          cells: tab.columns.map((col) => cell(c, target, col, item)),
        }))
      : [],
    openable: canOpen,
    error: res.ok ? undefined : res.error?.message,
    nextHref: res.ok && res.body.nextCursor ? `${here}&cursor=${encodeURIComponent(res.body.nextCursor)}` : undefined,
    firstHref: cursor ? here : undefined,
    create: target ? await createForm(c, r, tab, target, record, held) : undefined,
  };
}
