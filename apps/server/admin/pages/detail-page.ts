import type { AccessService, AdminField } from '@clientele/core';
import type { DataSource } from 'typeorm';
import { holds, permissionsAtRecord, type Held } from '../admin-access.js';
import { pageModel, type AdminContext } from '../admin-context.js';
import type { AdminResource } from '../catalog.js';
import { historyUrl, readHistory } from '../history.js';
import { resolveReferences } from '../references.js';
import { formatField } from '../field-values.js';
import { valueAt } from '../values.js';
import { doneNotice, recordActionButtons } from './actions-page.js';
import { available } from './availability.js';
import { contributedTab } from './contributed-tab.js';
import { recordAlerts } from './record-alerts.js';

export interface RecordActions {
  canEdit: boolean;
  canDelete: boolean;
  canRestore: boolean;
}

/** What the user may do with this record, asked of the access core at the record's node. */
export async function recordActions(
  c: AdminContext,
  access: AccessService,
  r: AdminResource,
  record: any,
): Promise<RecordActions & { held: Held | string[] }> {
  const held = await permissionsAtRecord(access, c.ctx, r.nodeField ? valueAt(record, r.nodeField) : undefined);
  const update = c.catalog.permissionFor(r, 'update');
  const remove = c.catalog.permissionFor(r, 'delete');
  const editable = r.fields.some((f) => !f.readOnly && f.only !== 'create');
  return {
    held,
    canEdit: !record.deletedAt && editable && c.api.has('PATCH', `${r.apiPath}/:id`) && holds(held, update),
    canDelete: !record.deletedAt && c.api.has('DELETE', `${r.apiPath}/:id`) && holds(held, remove),
    canRestore: !!record.deletedAt && c.api.has('POST', `${r.apiPath}/:id/restore`) && holds(held, remove),
  };
}

export async function detailPage(
  c: AdminContext,
  access: AccessService,
  db: DataSource,
  r: AdminResource,
  id: string,
  activeTab: string | undefined,
  cursor?: string,
  done?: string,
) {
  const res = await c.api.get(`${r.apiPath}/${id}`);
  if (!res.ok) return { error: res.error!, status: res.status };
  const record = res.body;
  const actions = await recordActions(c, access, r, record);
  const hasHistory = r.hasHistory !== false && !!historyUrl(c, r, id);
  // The built-in history tab (with before/after per field) stands in for a plugin's plain one.
  const contributed = await available(
    c,
    c.catalog
      .tabs(r)
      .filter((t) => (!t.permission || holds(actions.held, t.permission)) && !(hasHistory && t.key === 'history')),
  );
  const tabs = [
    { key: 'card', label: c.labels.t('detail.card') },
    ...contributed.map((t) => ({ key: t.key, label: c.labels.tab(t.key, t.label) })),
    ...(hasHistory ? [{ key: 'history', label: c.labels.t('detail.history') }] : []),
  ];
  const active = tabs.find((t) => t.key === activeTab) ?? tabs[0];

  const shown = r.fields.filter((f) => f.type !== 'password');
  const references = await resolveReferences(
    c,
    r,
    shown.filter((f) => f.type === 'reference').map((f) => f.key),
    [record],
  );
  const title = String(valueAt(record, r.titleField) ?? id);
  const tab = contributed.find((t) => t.key === active.key);
  const card =
    active.key === 'card'
      ? shown.map((f) => ({
          label: c.labels.field(r, f.key, f.label),
          ...(f.type === 'file'
            ? fileCell(c, r, f, record, actions.canEdit)
            : formatField(c.labels, r, f, record, references)),
        }))
      : undefined;

  return pageModel(c, `${title} · ${c.labels.singular(r)}`, r, {
    resource: { name: r.name, label: c.labels.resource(r), singular: c.labels.singular(r) },
    record: { id, title, deleted: !!record.deletedAt, version: record.version },
    ...actions,
    held: undefined,
    recordActions: recordActionButtons(c, { ...r, actions: await available(c, r.actions ?? []) }, record, actions.held),
    notice: done ? doneNotice(c, r, done) : undefined,
    explainHref:
      r.nodeField && holds(c.held, 'core.access.read')
        ? `/admin/access/explain?node=${valueAt(record, r.nodeField)}&permission=${encodeURIComponent(r.permission)}`
        : undefined,
    tabs: tabs.map((t) => ({ ...t, href: `/admin/r/${r.name}/${id}?tab=${t.key}`, current: t.key === active.key })),
    activeTab: active.key,
    card,
    alerts: record.deletedAt ? undefined : await recordAlerts(c, r, contributed, record),
    contributed: tab ? await contributedTab(c, r, tab, record, actions.held, cursor) : undefined,
    history: active.key === 'history' ? await readHistory(c, db, r, id) : undefined,
  });
}

/**
 * A file field on the card: a link to the file when the API serves it back, and a chooser that
 * sends a new one (admin.js reads it; the page offers it only to those who may edit).
 */
function fileCell(c: AdminContext, r: AdminResource, f: AdminField, record: any, canEdit: boolean) {
  const here = `/admin/r/${r.name}/${record.id}/files/${f.key}`;
  const readable = !!f.upload && c.serves('GET', f.upload.path);
  const writable = !!f.upload && !f.readOnly && canEdit && c.serves(f.upload.method ?? 'PUT', f.upload.path);
  return {
    text: readable ? c.labels.t('file.open') : '—',
    href: readable ? here : undefined,
    upload: writable
      ? { action: here, accept: f.upload!.accept, label: c.labels.t('file.upload'), id: `upload-${f.key}` }
      : undefined,
  };
}
