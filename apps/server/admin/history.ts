import type { DataSource } from 'typeorm';
import type { AdminContext } from './admin-context.js';
import type { AdminResource } from './catalog.js';
import { formatValue } from './values.js';

interface Entry {
  id: string;
  at: string;
  action: string;
  actorId?: string | null;
  actor?: { displayName?: string } | null;
  changes: Record<string, { before: unknown; after: unknown }>;
}

/** Where a record's history is read: the resource's own route, or core's filtered history list. */
export function historyUrl(c: AdminContext, r: AdminResource, id: string): string | undefined {
  const path = r.historyPath ?? `${r.apiPath}/:id/history`;
  const route = path.split('?')[0];
  if (!c.api.has('GET', route)) return undefined;
  return path.replace(':id', id);
}

/**
 * Who made a change is shown by name to whoever may read the change itself, even when they
 * may not open that person's account.
 */
async function actorNames(db: DataSource, entries: Entry[]): Promise<Map<string, string>> {
  const ids = [...new Set(entries.map((e) => e.actorId).filter((id): id is string => !!id))];
  if (!ids.length) return new Map();
  const rows: { id: string; display_name: string }[] = await db.query(
    `SELECT id, display_name FROM users WHERE id = ANY($1::uuid[])`,
    [ids],
  );
  return new Map(rows.map((row) => [row.id, row.display_name]));
}

export async function readHistory(c: AdminContext, db: DataSource, r: AdminResource, id: string, limit = 50) {
  const url = historyUrl(c, r, id);
  if (!url) return undefined;
  const res = await c.api.get(url, { limit });
  if (!res.ok) return { error: res.error?.message, entries: [] };
  const entries = res.body.items as Entry[];
  const names = await actorNames(db, entries);
  return {
    entries: entries.map((e) => ({
      at: c.labels.formatDate(e.at, true),
      action: c.labels.t(`history.action.${e.action}`, {}, e.action),
      who: e.actor?.displayName ?? (e.actorId ? (names.get(e.actorId) ?? e.actorId) : c.labels.t('history.system')),
      changes: Object.entries(e.changes ?? {}).map(([key, change]) => {
        const field = r.fields.find((f) => f.key === key);
        return {
          field: c.labels.field(r, key, field?.label ?? key),
          before: formatValue(c.labels, c.labels.choice(r, field, change?.before), undefined).text,
          after: formatValue(c.labels, c.labels.choice(r, field, change?.after), undefined).text,
        };
      }),
    })),
  };
}

/** "Changed by X meanwhile": the author of the record's latest change. */
export async function lastAuthor(
  c: AdminContext,
  db: DataSource,
  r: AdminResource,
  id: string,
): Promise<string | undefined> {
  const history = await readHistory(c, db, r, id, 1);
  return history?.entries[0]?.who;
}
