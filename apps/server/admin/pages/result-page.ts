import type { AdminResult } from '@clientele/core';
import { pageModel, type AdminContext } from '../admin-context.js';
import type { AdminResource } from '../catalog.js';
import { valueAt } from '../values.js';

/** The address of this server as the browser reached it, for values shown as links (`url`). */
function origin(c: AdminContext) {
  const { protocol, host } = c.request;
  return `${protocol}://${host}`;
}

/**
 * The values of an answer shown this once (a new secret): rendered as the answer to the POST
 * that produced them, so no address leads back to them. `key` names the labels: the action's
 * key, or `create`.
 */
export function resultPage(
  c: AdminContext,
  r: AdminResource,
  result: AdminResult,
  answer: unknown,
  page: { key: string; heading: string; record?: { id: string; title: string }; continueHref: string },
) {
  const values = result.fields.map((f, i) => {
    const raw = valueAt(answer, f.key);
    const value = raw === undefined || raw === null ? '' : String(raw);
    return {
      id: `result-${i}`,
      label: c.labels.t(`result.${r.name}.${page.key}.${f.key}`, {}, f.label),
      value: f.url && value ? `${origin(c)}${f.url.replace(':value', encodeURIComponent(value))}` : value,
    };
  });
  return pageModel(c, page.heading, r, {
    resource: { name: r.name, label: c.labels.resource(r) },
    record: page.record,
    heading: page.heading,
    notice: result.notice ? c.labels.t(`result.${r.name}.${page.key}`, {}, result.notice) : undefined,
    values,
    continueHref: page.continueHref,
  });
}
