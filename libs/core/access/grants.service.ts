import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { newId } from '../database/ids.js';
import { AppError, forbidden, invalid, notFound } from '../errors/app-error.js';
import type { RequestContext } from '../auth/request-context.js';
import { HistoryService } from '../history/history.service.js';
import { paginate } from '../records/paginate.js';
import type { ListQueryDto } from '../records/list-query.dto.js';
import { AccessService } from './access.service.js';
import { Grant } from './access.entities.js';
import { ACCESS_MANAGE, ACCESS_READ } from './permissions.js';

const grantHistory = { type: 'grant', node: (g: Grant) => g.nodeId };

@Injectable()
export class GrantsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: AccessService,
    private readonly history: HistoryService,
  ) {}

  list(ctx: RequestContext, query: ListQueryDto) {
    const qb = this.db.getRepository(Grant).createQueryBuilder('g');
    this.access.restrict(qb, 'g.node_id', ACCESS_READ, ctx);
    return paginate(qb, query, {
      sorts: { createdAt: { column: 'g.createdAt', value: (g: Grant) => g.createdAt, type: 'timestamptz' } },
      defaultSort: '-createdAt',
      idColumn: 'g.id',
      filters: {
        nodeId: { column: 'g.nodeId', type: 'uuid' },
        userId: { column: 'g.userId', type: 'uuid' },
        groupId: { column: 'g.groupId', type: 'uuid' },
        roleId: { column: 'g.roleId', type: 'uuid' },
        /** Grants anywhere in a subtree, e.g. everyone with a role inside one customer. */
        under: {
          apply: (q, value, param) =>
            q.andWhere(`g.node_id IN (SELECT id FROM scope_nodes WHERE path @> ARRAY[:${param}::uuid])`, {
              [param]: value,
            }),
        },
      },
    });
  }

  /**
   * Grants a role on a node. The granter needs core.access.manage there and must hold every
   * permission the role carries (nobody hands out more than they have); an owned role is
   * grantable only inside its owner's subtree.
   */
  async create(
    dto: { userId?: string; groupId?: string; roleId: string; nodeId: string },
    ctx: RequestContext,
    manager?: EntityManager,
  ) {
    if (!dto.userId === !dto.groupId) throw invalid('userId', 'USER_OR_GROUP', 'Give either userId or groupId');
    const m = manager ?? this.db.manager;
    // "Not there" and "not yours" answer alike: the same 404 as access.require gives for a hidden node or role.
    const [node] = await m.query<{ id: string; path: string[] }[]>(
      `SELECT id, path FROM scope_nodes WHERE id = $1 AND disabled_at IS NULL`,
      [dto.nodeId],
    );
    if (!node) throw notFound();
    await this.access.require(ctx, ACCESS_MANAGE, dto.nodeId, ACCESS_READ, m);
    const [role] = await m.query<{ id: string; permissions: string[]; owner_node_id: string | null }[]>(
      `SELECT id, permissions, owner_node_id FROM roles WHERE id = $1`,
      [dto.roleId],
    );
    if (!role || (role.owner_node_id && !(await this.access.can(ctx, ACCESS_READ, role.owner_node_id, m))))
      throw notFound();
    if (role.owner_node_id && !node.path.includes(role.owner_node_id)) {
      throw new AppError(
        422,
        'ROLE_OUTSIDE_OWNER',
        'This role belongs to another part of the tree and cannot be granted here',
      );
    }
    const held = await this.access.permissionsAt(ctx, dto.nodeId);
    if (held !== '*' && role.permissions.some((p: string) => !held.includes(p)))
      throw forbidden('You cannot grant a role with rights you do not hold here');
    const principalTable = dto.userId ? 'users' : 'user_groups';
    const [principal] = await m.query(`SELECT id FROM ${principalTable} WHERE id = $1`, [dto.userId ?? dto.groupId]);
    if (!principal) throw notFound(dto.userId ? 'User' : 'User group');
    const grant = {
      id: newId(),
      userId: dto.userId ?? null,
      groupId: dto.groupId ?? null,
      roleId: dto.roleId,
      nodeId: dto.nodeId,
      createdBy: ctx.userId || null,
    } as Grant;
    const inserted = await m.query(
      `INSERT INTO grants (id, user_id, group_id, role_id, node_id, created_by) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING created_at`,
      [grant.id, grant.userId, grant.groupId, grant.roleId, grant.nodeId, grant.createdBy],
    );
    if (!inserted.length) throw new AppError(409, 'ALREADY_GRANTED', 'This role is already granted there');
    grant.createdAt = inserted[0].created_at;
    await this.history.record(m, grantHistory, 'create', grant.id, null, { ...grant }, ctx);
    return grant;
  }

  async remove(id: string, ctx: RequestContext) {
    const grant = await this.db.getRepository(Grant).findOne({ where: { id } });
    if (!grant) throw notFound('Grant');
    await this.access.require(ctx, ACCESS_MANAGE, grant.nodeId, ACCESS_READ);
    await this.db.transaction(async (m) => {
      await m.query(`DELETE FROM grants WHERE id = $1`, [id]);
      await this.history.record(m, grantHistory, 'delete', id, { ...grant }, null, ctx);
    });
  }
}
