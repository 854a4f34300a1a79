import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { RequestContext } from '../auth/request-context.js';
import { AccessService } from '../access/access.service.js';
import { paginate, type ListSpec } from '../records/paginate.js';
import type { ListQueryDto } from '../records/list-query.dto.js';
import { HistoryEntry } from './history.entity.js';
import { HistoryReadRules } from './history-read-rules.js';

export const HISTORY_READ = 'core.history.read';

const spec: ListSpec = {
  sorts: { at: { column: 'h.id', value: (h: HistoryEntry) => h.id, type: 'uuid' } },
  defaultSort: '-at',
  idColumn: 'h.id',
  filters: {
    entityType: { column: 'h.entityType' },
    entityId: { column: 'h.entityId', type: 'uuid' },
    actorId: { column: 'h.actorId', type: 'uuid' },
    action: { column: 'h.action' },
    nodeId: { column: 'h.nodeId', type: 'uuid' },
    at: { column: 'h.at', type: 'timestamptz' },
  },
};

/** Lists history entries under the caller's rights; entries of private records only to their owner, fields only as the record's read rules allow. */
@Injectable()
export class HistoryQueryService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: AccessService,
    private readonly rules: HistoryReadRules,
  ) {}

  private base(ctx: RequestContext) {
    const qb = this.db.getRepository(HistoryEntry).createQueryBuilder('h');
    if (!ctx.isMasterAdmin)
      qb.andWhere('(h.visibleTo IS NULL OR h.visibleTo = :historyViewer)', { historyViewer: ctx.userId });
    return qb;
  }

  /** Everything the caller may see across all records (needs `core.history.read` where the record sits). */
  async global(ctx: RequestContext, query: ListQueryDto) {
    const qb = this.base(ctx);
    if (!ctx.isMasterAdmin) this.access.restrict(qb, 'h.node_id', HISTORY_READ, ctx, { includeDisabled: true });
    return this.rules.apply(await paginate(qb, query, spec), ctx);
  }

  /** One record's history; the caller has already been allowed to read the record itself. */
  async forRecord(ctx: RequestContext, entityType: string, entityId: string, query: ListQueryDto) {
    const qb = this.base(ctx).andWhere('h.entityType = :entityType AND h.entityId = :entityId', {
      entityType,
      entityId,
    });
    return this.rules.apply(await paginate(qb, query, spec), ctx);
  }

  /** Who changed the record last and when (for "last change" on cards). */
  async lastChange(entityType: string, entityId: string) {
    const [row] = await this.db.query(
      `SELECT h.at, h.actor_id, u.display_name FROM history h LEFT JOIN users u ON u.id = h.actor_id
        WHERE h.entity_type = $1 AND h.entity_id = $2 ORDER BY h.id DESC LIMIT 1`,
      [entityType, entityId],
    );
    return row ? { at: row.at, by: row.actor_id ? { id: row.actor_id, displayName: row.display_name } : null } : null;
  }
}
