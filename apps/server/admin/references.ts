import type { AdminContext } from './admin-context.js';
import type { AdminResource } from './catalog.js';
import { valueAt, type Cell } from './values.js';

/**
 * Names for the ids a page shows (a grant's role, a change's author), read through the API as
 * the user — an id the user may not open stays an id.
 */
export async function resolveReferences(
  c: AdminContext,
  resource: AdminResource,
  keys: string[],
  rows: unknown[],
): Promise<Map<string, Cell>> {
  const found = new Map<string, Cell>();
  const jobs: Promise<void>[] = [];
  for (const key of keys) {
    const target = c.catalog.referenceOf(resource, key);
    if (!target || !c.api.has('GET', `${target.apiPath}/:id`)) continue;
    const ids = new Set(rows.map((row) => valueAt(row, key)).filter((id): id is string => typeof id === 'string'));
    for (const id of ids) {
      jobs.push(
        c.api.get(`${target.apiPath}/${id}`).then((res) => {
          if (res.ok)
            found.set(id, {
              text: String(valueAt(res.body, target.titleField) ?? id),
              href: `/admin/r/${target.name}/${id}`,
            });
        }),
      );
    }
  }
  await Promise.all(jobs);
  return found;
}

/** Choices for a reference field or filter: the first page of the target resource the user may see. */
export async function referenceOptions(c: AdminContext, targetName: string | undefined) {
  const target = targetName ? c.catalog.find(targetName) : undefined;
  if (!target) return [];
  const res = await c.api.get(target.apiPath, { limit: 100 });
  if (!res.ok) return [];
  return (res.body.items as any[]).map((item) => ({
    value: item.id,
    label: String(valueAt(item, target.titleField) ?? item.id),
  }));
}

/** The title of one referenced record (an autocomplete's current choice), or its id when the user may not open it. */
export async function referenceTitle(c: AdminContext, targetName: string | undefined, id: string): Promise<string> {
  const target = targetName ? c.catalog.find(targetName) : undefined;
  if (!target || !/^[0-9a-f-]{36}$/i.test(id)) return id;
  const res = await c.api.get(`${target.apiPath}/${id}`);
  return res.ok ? String(valueAt(res.body, target.titleField) ?? id) : id;
}

/** Records of the target resource whose search matches `q`, for an autocomplete's suggestions. */
export async function referenceSuggestions(c: AdminContext, target: AdminResource, q: string) {
  const res = await c.api.get(target.apiPath, { q: q || undefined, limit: 20 });
  if (!res.ok) return [];
  return (res.body.items as any[]).map((item) => ({
    value: String(item.id),
    label: String(valueAt(item, target.titleField) ?? item.id),
  }));
}
