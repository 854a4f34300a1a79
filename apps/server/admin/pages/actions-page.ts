import type { AdminAction } from '@clientele/core';
import type { ApiError, ApiResponse } from '../api-client.js';
import { holds, type Held } from '../admin-access.js';
import { pageModel, type AdminContext } from '../admin-context.js';
import type { AdminResource } from '../catalog.js';
import { valueAt } from '../values.js';
import { fieldModels } from './form-page.js';
import type { FormValues, Submitted } from './form-values.js';
import { submittedValues, toPayload } from './form-values.js';

/** `:id` and `:nodeId` of an action's path, from the record it acts on. */
export function actionPath(r: AdminResource, action: AdminAction, record?: any) {
  if (!record) return action.path;
  const nodeId = r.nodeField ? valueAt(record, r.nodeField) : undefined;
  return action.path
    .replace(':id', encodeURIComponent(record.id))
    .replace(':nodeId', encodeURIComponent(String(nodeId ?? '')));
}

export const actionLabel = (c: AdminContext, r: AdminResource, action: AdminAction) =>
  c.labels.t(`action.${r.name}.${action.key}`, {}, action.label);

/**
 * A record's actions the user may run there (their routes exist: the start-up check saw to it):
 * a plain button, or a link to the confirmation when it asks something.
 */
export function recordActionButtons(c: AdminContext, r: AdminResource, record: any, held: Held | string[]) {
  if (record.deletedAt) return [];
  return (r.actions ?? [])
    .filter((a) => !a.permission || holds(held, a.permission))
    .map((a) => {
      const href = `/admin/r/${r.name}/${record.id}/actions/${a.key}`;
      return { key: a.key, label: actionLabel(c, r, a), direct: !a.confirm && !a.fields?.length, href };
    });
}

/** Bulk actions offered above a list: those the user holds the permission for somewhere. */
const bulkActions = (c: AdminContext, r: AdminResource) =>
  (r.bulkActions ?? []).filter((a) => !a.permission || holds(c.held, a.permission));

export const bulkActionChoices = (c: AdminContext, r: AdminResource) =>
  bulkActions(c, r).map((a) => ({ key: a.key, label: actionLabel(c, r, a) }));

export const bulkAction = (c: AdminContext, r: AdminResource, key: string) =>
  bulkActions(c, r).find((a) => a.key === key);

export interface ActionTarget {
  /** The record a record action runs on. */
  record?: { id: string; title: string };
  /** The rows a bulk action runs on. */
  ids?: string[];
}

/** The confirmation: the action's question, its form, and what it will act on. */
export async function actionPage(
  c: AdminContext,
  r: AdminResource,
  action: AdminAction,
  target: ActionTarget,
  state: { values?: FormValues; error?: ApiError } = {},
) {
  const label = actionLabel(c, r, action);
  const fields = await fieldModels(c, r, action.fields ?? [], state.values ?? {}, state.error?.details ?? []);
  const base = `/admin/r/${r.name}`;
  return pageModel(c, target.record ? `${label} · ${target.record.title}` : label, r, {
    resource: { name: r.name, label: c.labels.resource(r) },
    heading: label,
    record: target.record,
    ids: target.ids,
    selected: target.ids ? c.labels.t('action.selected', { count: target.ids.length }) : undefined,
    question: action.confirm
      ? c.labels.t(`action.${r.name}.${action.key}.confirm`, { count: target.ids?.length ?? 1 }, action.confirm)
      : undefined,
    fields,
    action: target.record ? `${base}/${target.record.id}/actions/${action.key}` : `${base}/bulk/${action.key}`,
    cancelHref: target.record ? `${base}/${target.record.id}` : base,
    danger: action.method === 'DELETE',
    error: state.error && !fields.some((f) => f.error) ? c.labels.errorMessage(state.error) : undefined,
  });
}

/** The form's values as the action's body (a bulk action's also carries `ids`). */
export function actionBody(r: AdminResource, action: AdminAction, body: Submitted, ids?: string[]) {
  const pseudo = { ...r, fields: action.fields ?? [] };
  const values = submittedValues(pseudo, 'create', body);
  const { payload, localErrors } = toPayload(pseudo, 'create', values);
  return { values, payload: ids ? { ...payload, ids } : payload, localErrors };
}

/** The job an answer 202 started, when there is one. */
export function startedJob(res: ApiResponse): string | undefined {
  if (res.status !== 202) return undefined;
  const id = res.body?.jobId ?? res.body?.job?.id ?? res.body?.id;
  return typeof id === 'string' ? id : undefined;
}

/** "Send reminder: done." after an action that answered at once. */
export function doneNotice(c: AdminContext, r: AdminResource, key: string) {
  const action = [...(r.actions ?? []), ...(r.bulkActions ?? [])].find((a) => a.key === key);
  return action ? c.labels.t('action.done', { action: actionLabel(c, r, action) }) : undefined;
}
