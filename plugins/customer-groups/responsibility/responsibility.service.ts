import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import {
  HistoryQueryDto,
  HistoryQueryService,
  ListQueryDto,
  ListSpec,
  RecordService,
  RequestContext,
  conflict,
  invalid,
  isUuid,
  notFound,
  paginate,
} from '@clientele/core';
import { CustomersService } from '@clientele/contacts';
import { PROCESS_AREA_TYPE, RESPONSIBILITY_READ, RESPONSIBILITY_TYPE } from '../constants.js';
import { ProcessArea, Responsibility } from '../entities/responsibility.entity.js';
import type {
  CreateProcessAreaDto,
  CustomerResponsibilitiesQueryDto,
  ResponsibilityQueryDto,
  SetResponsibilityDto,
  UpdateProcessAreaDto,
  UpdateResponsibilityDto,
} from '../dto/responsibility.dto.js';
import { OperatorCalendar } from '../calendar.js';
import { GroupsService } from '../groups/groups.service.js';
import { MembershipsService } from '../groups/memberships.service.js';
import { type GroupResponsibilityRow, groupResponsibilitiesSql, workerNamesSql } from './responsibility-sql.js';

const areaSpec: ListSpec = {
  sorts: { code: { column: 'a.code', value: (a: ProcessArea) => a.code, type: 'text' } },
  defaultSort: 'code',
  idColumn: 'a.id',
};

const responsibilitySpec: ListSpec = {
  sorts: { createdAt: { column: 'r.id', value: (r: Responsibility) => r.id, type: 'uuid' } },
  defaultSort: 'createdAt',
  idColumn: 'r.id',
  filters: { processAreaId: { column: 'r.process_area_id', type: 'uuid' } },
};

/** The code of the area whose responsibilities may name a helpdesk area. */
const HELPDESK = 'helpdesk';

type Person = { id: string; displayName: string | null } | null;
export type CandidateKind = 'own-person' | 'group' | 'area-default';

/** Process areas, who answers for a group in each, and who answers for a customer — and why. */
@Injectable()
export class ResponsibilityService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly records: RecordService,
    private readonly history: HistoryQueryService,
    private readonly groups: GroupsService,
    private readonly memberships: MembershipsService,
    private readonly customers: CustomersService,
    private readonly calendar: OperatorCalendar,
  ) {}

  // Process areas

  areas(query: ListQueryDto) {
    return paginate(
      this.db.getRepository(ProcessArea).createQueryBuilder('a').where('a.deleted_at IS NULL'),
      query,
      areaSpec,
    );
  }

  async area(idOrCode: string) {
    const isId = isUuid(idOrCode);
    const qb = this.db.getRepository(ProcessArea).createQueryBuilder('a').where('a.deleted_at IS NULL');
    qb.andWhere(isId ? 'a.id = :area' : 'lower(a.code) = lower(:area)', { area: idOrCode });
    return qb.getOne();
  }

  async liveArea(id: string) {
    const area = await this.area(id);
    if (!area) throw notFound('Process area');
    return area;
  }

  async createArea(ctx: RequestContext, dto: CreateProcessAreaDto) {
    await this.checkUser('defaultWorkerId', dto.defaultWorkerId);
    return this.records
      .create(
        ProcessArea,
        {
          code: dto.code,
          name: dto.name,
          ownPerson: dto.ownPerson ?? null,
          defaultWorkerId: dto.defaultWorkerId ?? null,
          deletedAt: null,
          deletedBy: null,
        },
        ctx,
      )
      .catch(taken);
  }

  async updateArea(ctx: RequestContext, id: string, dto: UpdateProcessAreaDto) {
    await this.liveArea(id);
    await this.checkUser('defaultWorkerId', dto.defaultWorkerId);
    const { version, ...changes } = dto;
    return this.records.update(ProcessArea, id, version, changes, ctx);
  }

  async removeArea(ctx: RequestContext, id: string) {
    await this.liveArea(id);
    await this.records.softDelete(ProcessArea, id, ctx);
  }

  areaHistory(ctx: RequestContext, id: string, query: HistoryQueryDto) {
    return this.history.forRecord(ctx, PROCESS_AREA_TYPE, id, query);
  }

  // A group's responsibilities

  async ofGroup(ctx: RequestContext, groupId: string, query: ListQueryDto) {
    await this.groups.get(ctx, groupId);
    const qb = this.db
      .getRepository(Responsibility)
      .createQueryBuilder('r')
      .where('r.group_id = :groupId AND r.deleted_at IS NULL', { groupId });
    return paginate(qb, query, responsibilitySpec);
  }

  /** 409 `AREA_ALREADY_SET` when the group already names someone in the area (change that one instead). */
  async set(ctx: RequestContext, dto: SetResponsibilityDto) {
    const { groupId } = dto;
    await this.groups.get(ctx, groupId);
    const area = await this.area(dto.processAreaId);
    if (!area) throw invalid('processAreaId', 'UNKNOWN_PROCESS_AREA', 'No such process area');
    await this.checkFields(area, dto);
    return this.records
      .create(
        Responsibility,
        {
          groupId,
          processAreaId: area.id,
          workerId: dto.workerId,
          userGroupId: dto.userGroupId ?? null,
          helpdeskAreaId: dto.helpdeskAreaId ?? null,
          deletedAt: null,
          deletedBy: null,
        },
        ctx,
      )
      .catch(taken);
  }

  async update(ctx: RequestContext, id: string, dto: UpdateResponsibilityDto) {
    const current = await this.liveResponsibility(id);
    await this.checkFields(await this.liveArea(current.processAreaId), dto);
    const { version, ...changes } = dto;
    return this.records.update(Responsibility, id, version, changes, ctx);
  }

  async get(ctx: RequestContext, id: string) {
    const found = await this.liveResponsibility(id);
    await this.groups.get(ctx, found.groupId);
    return found;
  }

  async remove(ctx: RequestContext, id: string) {
    await this.liveResponsibility(id);
    await this.records.softDelete(Responsibility, id, ctx);
  }

  async responsibilityHistory(ctx: RequestContext, id: string, query: HistoryQueryDto) {
    const found = await this.db.manager.findOne(Responsibility, { where: { id } });
    if (!found) throw notFound();
    await this.groups.get(ctx, found.groupId);
    return this.history.forRecord(ctx, RESPONSIBILITY_TYPE, id, query);
  }

  /**
   * Who is responsible for the customer in the area, and why: the customer's own account
   * manager or support specialist (as the area says) first, then its groups on the day by
   * priority, then the area's default worker — with every candidate that lost and the reason.
   * The user group that alone sees the messages, and the helpdesk area tickets go to, come from
   * the first group (by priority) that names one.
   */
  async explain(ctx: RequestContext, customerId: string, query: ResponsibilityQueryDto) {
    await this.memberships.requireCustomer(ctx, customerId, RESPONSIBILITY_READ);
    const area = await this.area(query.area);
    if (!area) throw invalid('area', 'UNKNOWN_PROCESS_AREA', 'No such process area');
    return this.decide(ctx, customerId, area, query.date ?? (await this.calendar.today()));
  }

  /**
   * The answer for every process area, one row each, paged by area code like any list (the
   * customer card's "Responsibility" tab).
   */
  async explainAll(ctx: RequestContext, customerId: string, query: CustomerResponsibilitiesQueryDto) {
    await this.memberships.requireCustomer(ctx, customerId, RESPONSIBILITY_READ);
    const day = query.date ?? (await this.calendar.today());
    const areas = await paginate(
      this.db.getRepository(ProcessArea).createQueryBuilder('a').where('a.deleted_at IS NULL'),
      { limit: query.limit, cursor: query.cursor },
      areaSpec,
    );
    const items = await Promise.all(
      areas.items.map(async (area) => {
        const answer = await this.decide(ctx, customerId, area, day);
        return {
          id: area.id,
          area: answer.area,
          responsible: answer.responsible,
          visibleTo: answer.visibleTo,
          helpdeskArea: answer.helpdeskArea,
          worker: answer.responsible?.worker?.displayName ?? null,
          reason: answer.responsible?.reason ?? 'No one is named',
          candidates: answer.candidates,
        };
      }),
    );
    return { ...areas, items };
  }

  private async decide(ctx: RequestContext, customerId: string, area: ProcessArea, day: string) {
    const [customer, groups] = await Promise.all([
      this.customers.get(customerId, ctx) as Promise<{
        accountManagerId: string | null;
        supportSpecialistId: string | null;
      }>,
      this.db.query(groupResponsibilitiesSql, [customerId, day, area.id]) as Promise<GroupResponsibilityRow[]>,
    ]);
    const ownId = area.ownPerson ? customer[`${area.ownPerson}Id`] : null;
    const ids = [ownId, ...groups.map((g) => g.worker_id), area.defaultWorkerId].filter((id): id is string => !!id);
    const users: { id: string; display_name: string; is_active: boolean }[] = ids.length
      ? await this.db.query(workerNamesSql, [ids])
      : [];
    const active = new Map(users.filter((u) => u.is_active).map((u) => [u.id, u.display_name]));
    const person = (id: string | null): Person => (id && active.has(id) ? { id, displayName: active.get(id)! } : null);

    const candidates = [
      ...(area.ownPerson
        ? [{ kind: 'own-person' as const, worker: person(ownId), role: area.ownPerson, group: null }]
        : []),
      ...groups.map((g) => ({
        kind: 'group' as const,
        worker: person(g.worker_id),
        role: null,
        group: {
          id: g.group_id,
          code: g.group_code,
          name: g.group_name,
          priority: g.priority,
          responsibilityId: g.responsibility_id,
        },
      })),
      { kind: 'area-default' as const, worker: person(area.defaultWorkerId), role: null, group: null },
    ];
    const winner = candidates.find((c) => c.worker);
    const restricting = groups.find((g) => g.user_group_id);
    const routing = groups.find((g) => g.helpdesk_area_id);
    return {
      customerId,
      date: day,
      area: { id: area.id, code: area.code, name: area.name },
      responsible: winner ? { ...winner, reason: decided(winner) } : null,
      visibleTo: restricting
        ? {
            userGroup: { id: restricting.user_group_id, name: restricting.user_group_name },
            fromGroup: restricting.group_code,
          }
        : null,
      helpdeskArea:
        area.code === HELPDESK
          ? routing
            ? { id: routing.helpdesk_area_id, fromGroup: routing.group_code }
            : { id: null, reason: "No group names one: the helpdesk module's default area" }
          : undefined,
      candidates: candidates.filter((c) => c !== winner).map((c) => ({ ...c, lostBecause: lost(c, winner) })),
    };
  }

  private async liveResponsibility(id: string) {
    const found = await this.db.manager.findOne(Responsibility, { where: { id } });
    if (!found || found.deletedAt) throw notFound('Responsibility');
    return found;
  }

  private async checkFields(
    area: ProcessArea,
    dto: { workerId?: string; userGroupId?: string | null; helpdeskAreaId?: string | null },
    manager: EntityManager = this.db.manager,
  ) {
    await this.checkUser('workerId', dto.workerId);
    if (dto.userGroupId) {
      const [group] = await manager.query(`SELECT 1 FROM user_groups WHERE id = $1`, [dto.userGroupId]);
      if (!group) throw invalid('userGroupId', 'UNKNOWN_USER_GROUP', 'No such user group');
    }
    if (dto.helpdeskAreaId && area.code !== HELPDESK)
      throw invalid('helpdeskAreaId', 'NOT_HELPDESK', `Only the "${HELPDESK}" process area routes to a helpdesk area`);
  }

  private async checkUser(field: string, id: string | null | undefined) {
    if (!id) return;
    const [user] = await this.db.query(`SELECT 1 FROM users WHERE id = $1 AND is_active`, [id]);
    if (!user) throw invalid(field, 'UNKNOWN_USER', 'No such active user');
  }
}

type Candidate = {
  kind: CandidateKind;
  worker: Person;
  role: string | null;
  group: { code: string; priority: number } | null;
};

function decided(c: Candidate) {
  if (c.kind === 'own-person')
    return `The customer's own ${c.role === 'accountManager' ? 'account manager' : 'support specialist'} comes first`;
  if (c.kind === 'group')
    return `Group ${c.group!.code} (priority ${c.group!.priority}) is the first of the customer's groups naming someone`;
  return "Neither the customer's own people nor its groups name anyone: the area's default";
}

function lost(c: Candidate, winner: Candidate | undefined) {
  if (!c.worker) {
    const what =
      c.kind === 'own-person'
        ? `The customer has no (active) ${c.role === 'accountManager' ? 'account manager' : 'support specialist'}`
        : c.kind === 'group'
          ? 'The named worker is no longer active'
          : 'The area has no default worker';
    return { code: 'NO_ONE_NAMED', message: what };
  }
  if (winner?.kind === 'own-person')
    return {
      code: 'OWN_PERSON_FIRST',
      message: "The customer's own person comes before its groups and the area's default",
    };
  if (winner?.kind === 'group' && c.kind === 'group') {
    return {
      code: 'HIGHER_GROUP_PRIORITY',
      message: `Group ${winner.group!.code} (priority ${winner.group!.priority}) comes before group ${c.group!.code} (priority ${c.group!.priority})`,
    };
  }
  return { code: 'GROUP_FIRST', message: "The customer's groups come before the area's default" };
}

function taken(error: unknown): never {
  const constraint = (error as { driverError?: { constraint?: string } })?.driverError?.constraint;
  if (constraint === 'customer_groups_process_areas_code')
    throw conflict('AREA_CODE_TAKEN', 'Another process area has this code', 'code');
  if (constraint === 'customer_group_responsibilities_area')
    throw conflict(
      'AREA_ALREADY_SET',
      'The group already names someone in this area; change that instead',
      'processAreaId',
    );
  throw error;
}
