import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import {
  AccessService,
  HistoryQueryDto,
  HistoryQueryService,
  ListQueryDto,
  RequestContext,
  SYSTEM_NODE_ID,
  ScopedRecords,
  escapeLike,
  invalid,
  notFound,
  paginate,
  refused,
} from '@clientele/core';
import { AREA_MANAGE, AREA_TYPE, TICKET_READ } from '../constants.js';
import { Area } from '../entities/area.entity.js';
import type { CreateAreaDto, UpdateAreaDto } from '../dto/area.dto.js';

type AreaRefs = Pick<CreateAreaDto, 'defaultAssigneeUserId' | 'defaultAssigneeGroupId'>;

/** Helpdesk areas: scope nodes under the system; staff granted on one see its tickets. */
@Injectable()
export class AreasService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly scoped: ScopedRecords,
    private readonly access: AccessService,
    private readonly history: HistoryQueryService,
  ) {}

  async create(ctx: RequestContext, dto: CreateAreaDto) {
    await this.access.require(ctx, AREA_MANAGE, SYSTEM_NODE_ID);
    await this.checkRefs(dto);
    return this.db.transaction(async (m) => {
      await this.checkCode(m, dto.code);
      if (dto.isDefault) await this.clearDefault(m, ctx);
      return this.scoped.create(
        Area,
        SYSTEM_NODE_ID,
        {
          code: dto.code,
          name: dto.name,
          isPublic: dto.isPublic ?? false,
          isDefault: dto.isDefault ?? false,
          defaultAssigneeUserId: dto.defaultAssigneeUserId ?? null,
          defaultAssigneeGroupId: dto.defaultAssigneeGroupId ?? null,
          defaultSlaContractId: dto.defaultSlaContractId ?? null,
          deletedAt: null,
          deletedBy: null,
        },
        ctx,
        m,
      );
    });
  }

  /** Areas the caller works in, and public lines, which anyone signed in may see and file into. */
  list(ctx: RequestContext, query: ListQueryDto) {
    const qb = this.db.getRepository(Area).createQueryBuilder('a');
    const [visible, params] = this.access.condition('a.id', TICKET_READ, ctx, {
      includeDisabled: query.deleted !== undefined,
    });
    qb.where(`(${visible} OR (a.is_public AND a.deleted_at IS NULL))`, params);
    if (query.deleted === 'only') qb.andWhere('a.deleted_at IS NOT NULL');
    else if (query.deleted !== 'include') qb.andWhere('a.deleted_at IS NULL');
    if (query.q)
      qb.andWhere('clientele_normalize(a.name) LIKE clientele_normalize(:q)', { q: `%${escapeLike(query.q)}%` });
    return paginate(qb, query, {
      sorts: {
        name: { column: 'a.name', value: (a: Area) => a.name, type: 'text' },
        code: { column: 'a.code', value: (a: Area) => a.code, type: 'text' },
      },
      defaultSort: 'name',
      idColumn: 'a.id',
      filters: {
        isPublic: { column: 'a.is_public', type: 'boolean' },
        isDefault: { column: 'a.is_default', type: 'boolean' },
      },
    });
  }

  async get(ctx: RequestContext, id: string) {
    const area = await this.db.getRepository(Area).findOne({ where: { id } });
    if (!area || area.deletedAt) throw notFound('Area');
    if (!area.isPublic && !(await this.access.can(ctx, TICKET_READ, id))) throw notFound('Area');
    return area;
  }

  async update(ctx: RequestContext, id: string, dto: UpdateAreaDto) {
    await this.get(ctx, id);
    await this.access.require(ctx, AREA_MANAGE, id, TICKET_READ);
    await this.checkRefs(dto);
    const { version, ...patch } = dto;
    return this.db.transaction(async (m) => {
      if (patch.isDefault) await this.clearDefault(m, ctx, id);
      return this.scoped.update(Area, id, version, patch, ctx, m);
    });
  }

  async remove(ctx: RequestContext, id: string) {
    await this.get(ctx, id);
    await this.access.require(ctx, AREA_MANAGE, id, TICKET_READ);
    await this.scoped.softDelete(Area, id, ctx);
  }

  async restore(ctx: RequestContext, id: string) {
    const area = await this.db.getRepository(Area).findOne({ where: { id } });
    if (!area || !area.deletedAt) throw notFound('Area');
    await this.access.require(ctx, AREA_MANAGE, SYSTEM_NODE_ID);
    return this.scoped.restore(Area, id, ctx);
  }

  async historyOf(ctx: RequestContext, id: string, query: HistoryQueryDto) {
    await this.get(ctx, id);
    return this.history.forRecord(ctx, AREA_TYPE, id, query);
  }

  /** The area tickets go to when nothing routes them elsewhere. */
  async defaultArea(manager: EntityManager = this.db.manager) {
    return manager.getRepository(Area).findOne({ where: { isDefault: true, deletedAt: IsNull() } });
  }

  private async checkCode(m: EntityManager, code: string) {
    const [taken] = await m.query(`SELECT 1 FROM helpdesk_areas WHERE code = $1 AND deleted_at IS NULL`, [code]);
    if (taken) throw refused('AREA_CODE_TAKEN', `An area with the code "${code}" exists`);
  }

  /** The one default area moves: the previous one stops being it, in the same transaction (and history). */
  private async clearDefault(m: EntityManager, ctx: RequestContext, except?: string) {
    const current = await m.getRepository(Area).findOne({ where: { isDefault: true } });
    if (current && current.id !== except && !current.deletedAt)
      await this.scoped.update(Area, current.id, undefined, { isDefault: false }, ctx, m);
  }

  private async checkRefs(dto: AreaRefs) {
    if (dto.defaultAssigneeUserId) {
      const [u] = await this.db.query(`SELECT 1 FROM users WHERE id = $1 AND is_active`, [dto.defaultAssigneeUserId]);
      if (!u) throw invalid('defaultAssigneeUserId', 'UNKNOWN_USER', 'No such active user');
    }
    if (dto.defaultAssigneeGroupId) {
      const [g] = await this.db.query(`SELECT 1 FROM user_groups WHERE id = $1`, [dto.defaultAssigneeGroupId]);
      if (!g) throw invalid('defaultAssigneeGroupId', 'UNKNOWN_USER_GROUP', 'No such user group');
    }
    if (dto.defaultAssigneeUserId && dto.defaultAssigneeGroupId) {
      throw invalid('defaultAssigneeGroupId', 'ONE_ASSIGNEE', 'Name a user or a user group, not both');
    }
  }
}
