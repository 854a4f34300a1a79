import type { SelectQueryBuilder } from 'typeorm';
import { AccessService, FilterSpec, ListSpec, RequestContext, invalid } from '@clientele/core';
import { NOTES_READ } from './constants.js';
import type { Note } from './entities/note.entity.js';

/**
 * Every rule that hides a note, in one place: the node's access (`notes.read` there or above)
 * and privacy (a private note only for its author; master admins see everything). Lists,
 * totals, search, single reads and alerts all go through it.
 */
export function restrictToVisibleNotes(qb: SelectQueryBuilder<Note>, access: AccessService, ctx: RequestContext) {
  access.restrict(qb, 'n.node_id', NOTES_READ, ctx);
  if (!ctx.isMasterAdmin) qb.andWhere('(NOT n.private OR n.author_id = :noteViewer)', { noteViewer: ctx.userId });
  return qb;
}

export function restrictToDeleted(qb: SelectQueryBuilder<Note>, deleted: 'include' | 'only' | undefined) {
  if (deleted === 'only') qb.andWhere('n.deleted_at IS NOT NULL');
  else if (deleted !== 'include') qb.andWhere('n.deleted_at IS NULL');
  return qb;
}

/** Substring search over the text as a reader sees it (served by the trigram index on notes_searchable). */
export function searchText(qb: SelectQueryBuilder<Note>, q: string | undefined) {
  const words = q?.trim().replace(/\s+/g, ' ');
  if (!words) return qb;
  const pattern = words.replace(/[\\%_]/g, (c) => `\\${c}`);
  return qb.andWhere(`notes_searchable(n.text) LIKE '%' || clientele_normalize(:noteSearch) || '%'`, { noteSearch: pattern });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A uuid equality filter that names the filter in its 400 instead of failing in SQL. One value
 * is compared with `=`, so a record's notes come straight off the (node_id, id DESC) index in
 * order and a page stops after `limit` rows.
 */
const uuidFilter = (column: string, key: string): FilterSpec => ({
  apply: (qb, value, param) => {
    const ids = typeof value === 'string' ? [value] : value;
    if (!Array.isArray(ids) || !ids.length || !ids.every((id) => typeof id === 'string' && UUID.test(id))) {
      throw invalid(`filter[${key}]`, 'INVALID_ID', `filter[${key}] must be one or more UUIDs`);
    }
    if (ids.length === 1) qb.andWhere(`${column} = :${param}::uuid`, { [param]: ids[0] });
    else qb.andWhere(`${column} = ANY(:${param}::uuid[])`, { [param]: ids });
  },
});

/** Newest first by default: ids are UUID v7, so id order is creation order (index: node_id, id DESC). */
export const noteListSpec: ListSpec = {
  sorts: { createdAt: { column: 'n.id', value: (n: Note) => n.id, type: 'uuid' } },
  defaultSort: '-createdAt',
  idColumn: 'n.id',
  filters: {
    nodeId: uuidFilter('n.node_id', 'nodeId'),
    authorId: uuidFilter('n.author_id', 'authorId'),
    alert: { column: 'n.alert', type: 'boolean' },
    private: { column: 'n.private', type: 'boolean' },
    createdAt: { column: 'n.created_at', type: 'timestamptz' },
  },
};

/**
 * History entries carry who may see them. When a note turns private (or public again), its
 * earlier entries follow, so its old text is never left readable to others.
 */
export const reassignHistoryVisibilitySql = `UPDATE history SET visible_to = $3 WHERE entity_type = $1 AND entity_id = $2`;
