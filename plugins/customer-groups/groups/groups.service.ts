import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import {
  AccessService,
  HistoryQueryDto,
  HistoryQueryService,
  ListQueryDto,
  RecordService,
  RequestContext,
  SYSTEM_NODE_ID,
  ScopedRecords,
  conflict,
  notFound,
  paginate,
} from '@clientele/core';
import { GROUP_MANAGE, GROUP_READ, GROUP_TYPE } from '../constants.js';
import { CustomerGroup } from '../entities/customer-group.entity.js';
import type { CreateGroupDto, UpdateGroupDto } from '../dto/group.dto.js';
import { PriceRules } from '../pricing/price-rules.js';
import { SlaContracts } from './sla-contracts.js';
import { groupListSpec, searchGroups } from './groups-sql.js';

/** Customer groups: each owns a scope node, so rights can be granted on one group or on all (the system node). */
@Injectable()
export class GroupsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly records: RecordService,
    private readonly access: AccessService,
    private readonly scoped: ScopedRecords,
    private readonly history: HistoryQueryService,
    private readonly rules: PriceRules,
    private readonly sla: SlaContracts,
  ) {}

  async list(ctx: RequestContext, query: ListQueryDto) {
    const qb = this.scoped.restrictList(
      this.db.getRepository(CustomerGroup).createQueryBuilder('g'),
      'g',
      GROUP_READ,
      ctx,
      query.deleted,
    );
    searchGroups(qb, query.q);
    return paginate(qb, query, groupListSpec);
  }

  /** A live group the caller may see (`customer-groups.group.read`); 404 otherwise. */
  async get(ctx: RequestContext, id: string, manager?: EntityManager) {
    const group = await (manager ?? this.db.manager).findOne(CustomerGroup, { where: { id } });
    if (!group || group.deletedAt || !(await this.access.can(ctx, GROUP_READ, id))) throw notFound('Customer group');
    return group;
  }

  /** The group, after checking that the caller may manage it (403 when they may only see it). */
  async manageable(ctx: RequestContext, id: string) {
    const group = await this.get(ctx, id);
    await this.access.require(ctx, GROUP_MANAGE, id, GROUP_READ);
    return group;
  }

  async create(ctx: RequestContext, dto: CreateGroupDto) {
    await this.access.require(ctx, GROUP_MANAGE, SYSTEM_NODE_ID);
    await this.sla.check(ctx, dto.slaContractId);
    return this.scoped
      .create(
        CustomerGroup,
        SYSTEM_NODE_ID,
        {
          code: dto.code,
          name: dto.name,
          colour: dto.colour ?? null,
          description: dto.description ?? null,
          priority: dto.priority,
          slaContractId: dto.slaContractId ?? null,
          defaultSlaLevel: dto.defaultSlaLevel ?? null,
          deletedAt: null,
          deletedBy: null,
        },
        ctx,
      )
      .catch(codeTaken);
  }

  async update(ctx: RequestContext, id: string, dto: UpdateGroupDto) {
    await this.manageable(ctx, id);
    if (dto.slaContractId !== undefined) await this.sla.check(ctx, dto.slaContractId);
    const { version, ...changes } = dto;
    return this.records
      .transaction(async (m) => {
        const saved = await this.scoped.update(CustomerGroup, id, version, changes, ctx, m);
        // A new priority re-ranks the group's price rules, which may now tie with another group's.
        if (changes.priority !== undefined) await this.rules.rebuild(m, { groupIds: [id] });
        return saved;
      })
      .catch(codeTaken);
  }

  /** Soft delete: the group's node is disabled (grants on it stop), its price rules stop applying; memberships are kept for a restore. */
  async remove(ctx: RequestContext, id: string) {
    await this.manageable(ctx, id);
    await this.records.transaction(async (m) => {
      await this.scoped.softDelete(CustomerGroup, id, ctx, { manager: m });
      await this.rules.rebuild(m, { groupIds: [id] });
    });
  }

  /** Within the retention; the group's price rules come back unless they now tie with others (409). */
  async restore(ctx: RequestContext, id: string) {
    const group = await this.db.manager.findOne(CustomerGroup, { where: { id } });
    if (!group?.deletedAt || !(await this.access.can(ctx, GROUP_MANAGE, SYSTEM_NODE_ID)))
      throw notFound('Customer group');
    return this.records
      .transaction(async (m) => {
        const restored = await this.scoped.restore(CustomerGroup, id, ctx, { manager: m });
        await this.rules.rebuild(m, { groupIds: [id] });
        return restored;
      })
      .catch(codeTaken);
  }

  async historyOf(ctx: RequestContext, id: string, query: HistoryQueryDto) {
    await this.get(ctx, id);
    return this.history.forRecord(ctx, GROUP_TYPE, id, query);
  }
}

/** The one uniqueness rule of a group: its code among live groups. */
function codeTaken(error: unknown): never {
  if ((error as { driverError?: { constraint?: string } })?.driverError?.constraint === 'customer_groups_code') {
    throw conflict('GROUP_CODE_TAKEN', 'Another group has this code', 'code');
  }
  throw error;
}
