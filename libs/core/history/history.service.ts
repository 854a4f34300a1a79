import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { newId } from '../database/ids.js';
import type { RequestContext } from '../auth/request-context.js';
import type { AuditableOptions } from '../records/auditable.js';
import type { HistoryAction } from './history.entity.js';

const IGNORED = new Set(['version', 'updatedAt', 'createdAt']);

const comparable = (value: unknown) =>
  value instanceof Date ? value.toISOString() : value === undefined ? null : value;

/** Field-by-field difference of two snapshots of a record; secrets are reported as changed but never stored. */
export function diff(
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
  secretFields: string[] = [],
) {
  const changes: Record<string, { before: unknown; after: unknown }> = {};
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  for (const key of keys) {
    if (IGNORED.has(key)) continue;
    const a = comparable(before?.[key]);
    const b = comparable(after?.[key]);
    if (JSON.stringify(a) === JSON.stringify(b)) continue;
    changes[key] = secretFields.includes(key)
      ? { before: a == null ? null : '***', after: b == null ? null : '***' }
      : { before: a, after: b };
  }
  return changes;
}

@Injectable()
export class HistoryService {
  /** Writes one history entry in the caller's transaction, so a change and its record commit together. */
  async record(
    manager: EntityManager,
    options: AuditableOptions,
    action: HistoryAction,
    entityId: string,
    before: Record<string, unknown> | null,
    after: Record<string, unknown> | null,
    ctx: RequestContext,
  ) {
    const changes = diff(before, after, options.secretFields);
    if (action === 'update' && Object.keys(changes).length === 0) return;
    const current = (after ?? before) as any;
    await manager.query(
      `INSERT INTO history (id, entity_type, entity_id, node_id, actor_id, action, changes, visible_to)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        newId(),
        options.type,
        entityId,
        options.node(current),
        ctx.userId || null,
        action,
        JSON.stringify(changes),
        options.privateTo?.(current) ?? null,
      ],
    );
  }
}
