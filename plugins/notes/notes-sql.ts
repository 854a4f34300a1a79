import type { SelectQueryBuilder } from 'typeorm';
import { AccessService, ListSpec, RequestContext, escapeLike } from '@clientele/core';
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
  const pattern = escapeLike(words);
  return qb.andWhere(`notes_searchable(n.text) LIKE '%' || clientele_normalize(:noteSearch) || '%'`, {
    noteSearch: pattern,
  });
}

/**
 * Newest first by default: ids are UUID v7, so id order is creation order. One record's notes
 * (`filter[nodeId]=…`, compared with `=`) come straight off the (node_id, id DESC) index in order.
 */
export const noteListSpec: ListSpec = {
  sorts: { createdAt: { column: 'n.id', value: (n: Note) => n.id, type: 'uuid' } },
  defaultSort: '-createdAt',
  idColumn: 'n.id',
  filters: {
    nodeId: { column: 'n.node_id', type: 'uuid' },
    authorId: { column: 'n.author_id', type: 'uuid' },
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
