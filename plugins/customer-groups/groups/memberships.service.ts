import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import {
  AccessService,
  ClienteleEvent,
  EventBus,
  HistoryQueryDto,
  HistoryQueryService,
  RecordService,
  RequestContext,
  conflict,
  forbidden,
  invalid,
  notFound,
  paginate,
} from '@clientele/core';
import { CUSTOMER_READ, KIND_CUSTOMER } from '@clientele/contacts';
import { GROUP_MANAGE, GROUP_READ, MEMBERSHIP_READ, MEMBERSHIP_TYPE } from '../constants.js';
import { Membership } from '../entities/membership.entity.js';
import { CustomerGroup } from '../entities/customer-group.entity.js';
import type { AddMemberDto, MembersQueryDto, UpdateMembershipDto } from '../dto/group.dto.js';
import {
  CustomerGroupMemberAdded,
  CustomerGroupMemberRemoved,
  CustomerGroupMembershipChanged,
  type MembershipEventPayload,
} from '../events.js';
import { OperatorCalendar } from '../calendar.js';
import { GroupsService } from './groups.service.js';
import { membershipListSpec, nodeLabelsSql, restrictToReadableCustomers, validOn } from './groups-sql.js';

export interface MembershipView {
  id: string;
  version: number;
  groupId: string;
  customerId: string;
  customerName: string | null;
  validFrom: string | null;
  validTo: string | null;
  /** Valid on the day asked (today by default). */
  current: boolean;
  group?: { id: string; code: string; name: string; colour: string | null; priority: number };
  createdAt: Date;
  updatedAt: Date;
}

/** Who is in which group on which days. Seeing a group never reveals a member one could not read as a customer. */
@Injectable()
export class MembershipsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly records: RecordService,
    private readonly access: AccessService,
    private readonly history: HistoryQueryService,
    private readonly events: EventBus,
    private readonly groups: GroupsService,
    private readonly calendar: OperatorCalendar,
  ) {}

  /** A group's members as of a day (today by default), or every membership with `all=true`; only customers the caller may read. */
  async members(ctx: RequestContext, groupId: string, query: MembersQueryDto) {
    await this.groups.get(ctx, groupId);
    const today = await this.calendar.today();
    const day = query.all === 'true' ? null : (query.asOf ?? today);
    const qb = validOn(
      this.db.getRepository(Membership).createQueryBuilder('m').where('m.group_id = :groupId', { groupId }),
      day,
    );
    restrictToReadableCustomers(qb, this.access, ctx);
    const page = await paginate(qb, query, membershipListSpec);
    return { ...page, items: await this.present(page.items, day ?? today) };
  }

  /** The groups of one customer (a tab on the customer card), as of a day or all of them. */
  async ofCustomer(ctx: RequestContext, customerId: string, query: MembersQueryDto) {
    await this.requireCustomer(ctx, customerId, MEMBERSHIP_READ);
    const today = await this.calendar.today();
    const day = query.all === 'true' ? null : (query.asOf ?? today);
    const qb = validOn(
      this.db.getRepository(Membership).createQueryBuilder('m').where('m.customer_id = :customerId', { customerId }),
      day,
    ).andWhere('EXISTS (SELECT 1 FROM customer_groups g WHERE g.id = m.group_id AND g.deleted_at IS NULL)');
    const page = await paginate(qb, query, membershipListSpec);
    return { ...page, items: await this.present(page.items, day ?? today, true) };
  }

  async add(ctx: RequestContext, dto: AddMemberDto) {
    const { groupId } = dto;
    await this.groups.manageable(ctx, groupId);
    await this.requireCustomer(ctx, dto.customerId, CUSTOMER_READ, 'customerId');
    checkDates(dto.validFrom ?? null, dto.validTo ?? null);
    const membership = await this.records
      .transaction(async (m) => {
        const created = await this.records.create(
          Membership,
          {
            groupId,
            customerId: dto.customerId,
            validFrom: dto.validFrom ?? null,
            validTo: dto.validTo ?? null,
            deletedAt: null,
            deletedBy: null,
          },
          ctx,
          m,
        );
        await this.events.publish(m, membershipEvent(CustomerGroupMemberAdded, created), ctx);
        return created;
      })
      .catch(overlapping);
    return (await this.present([membership], await this.calendar.today()))[0];
  }

  /** Changes the days of a membership, e.g. ends it on a given day. */
  async update(ctx: RequestContext, id: string, dto: UpdateMembershipDto) {
    const current = await this.manageableMembership(ctx, id);
    const validFrom = dto.validFrom === undefined ? current.validFrom : dto.validFrom;
    const validTo = dto.validTo === undefined ? current.validTo : dto.validTo;
    checkDates(validFrom, validTo);
    const saved = await this.records
      .transaction(async (m) => {
        const changed = await this.records.update(Membership, id, dto.version, { validFrom, validTo }, ctx, m);
        await this.events.publish(m, membershipEvent(CustomerGroupMembershipChanged, changed), ctx);
        return changed;
      })
      .catch(overlapping);
    return (await this.present([saved], await this.calendar.today()))[0];
  }

  /** Takes the customer out of the group: the membership is deleted (kept in history). */
  async remove(ctx: RequestContext, id: string) {
    await this.manageableMembership(ctx, id);
    await this.records.transaction(async (m) => {
      const removed = await this.records.softDelete(Membership, id, ctx, { manager: m });
      await this.events.publish(m, membershipEvent(CustomerGroupMemberRemoved, removed), ctx);
    });
  }

  async historyOf(ctx: RequestContext, id: string, query: HistoryQueryDto) {
    await this.get(ctx, id);
    return this.history.forRecord(ctx, MEMBERSHIP_TYPE, id, query);
  }

  /** A membership of a customer whose groups the caller may see (deleted ones too, for their history). */
  async get(ctx: RequestContext, id: string) {
    const membership = await this.db.manager.findOne(Membership, { where: { id } });
    if (!membership) throw notFound('Membership');
    await this.requireCustomer(ctx, membership.customerId, MEMBERSHIP_READ);
    return (await this.present([membership], await this.calendar.today(), true))[0];
  }

  /**
   * The customer exists and the caller may read it (else 404, alike for "not there" and "not
   * yours"), and holds `permission` on it (else 403).
   */
  async requireCustomer(
    ctx: RequestContext,
    customerId: string,
    permission: string,
    field?: string,
    manager?: EntityManager,
  ) {
    // One statement: is it a customer, may the caller read it, and may they do this there.
    const params: unknown[] = [customerId, KIND_CUSTOMER];
    const readable = this.access.filterSql('n.id', CUSTOMER_READ, ctx, params);
    const allowed = this.access.filterSql('n.id', permission, ctx, params);
    const [node] = await (manager ?? this.db.manager).query(
      `SELECT ${readable} AS readable, ${allowed} AS allowed FROM scope_nodes n WHERE n.id = $1 AND n.kind = $2`,
      params,
    );
    if (!node?.readable) throw field ? invalid(field, 'UNKNOWN_CUSTOMER', 'No such customer') : notFound('Customer');
    if (!node.allowed) throw forbidden();
  }

  /** A live membership of a group the caller manages, of a customer the caller may read. */
  private async manageableMembership(ctx: RequestContext, id: string) {
    const membership = await this.db.manager.findOne(Membership, { where: { id } });
    if (!membership || membership.deletedAt) throw notFound('Membership');
    if (
      !(await this.access.can(ctx, CUSTOMER_READ, membership.customerId)) ||
      !(await this.access.can(ctx, GROUP_READ, membership.groupId))
    ) {
      throw notFound('Membership');
    }
    await this.access.require(ctx, GROUP_MANAGE, membership.groupId, GROUP_READ);
    return membership;
  }

  private async present(memberships: Membership[], day: string, withGroup = false): Promise<MembershipView[]> {
    const customerIds = [...new Set(memberships.map((m) => m.customerId))];
    const groupIds = [...new Set(memberships.map((m) => m.groupId))];
    const [labels, groups] = await Promise.all([
      customerIds.length ? this.db.query(nodeLabelsSql, [customerIds]) : [],
      withGroup && groupIds.length
        ? this.db
            .getRepository(CustomerGroup)
            .createQueryBuilder('g')
            .where('g.id = ANY(:groupIds::uuid[])', { groupIds })
            .getMany()
        : [],
    ]);
    const names = new Map<string, string>(labels.map((l: { id: string; label: string }) => [l.id, l.label]));
    const byId = new Map(groups.map((g) => [g.id, g]));
    return memberships.map((m) => {
      const group = byId.get(m.groupId);
      return {
        id: m.id,
        version: m.version,
        groupId: m.groupId,
        customerId: m.customerId,
        customerName: names.get(m.customerId) ?? null,
        validFrom: m.validFrom,
        validTo: m.validTo,
        current: (m.validFrom === null || m.validFrom <= day) && (m.validTo === null || day < m.validTo),
        ...(group
          ? {
              group: {
                id: group.id,
                code: group.code,
                name: group.name,
                colour: group.colour,
                priority: group.priority,
              },
            }
          : {}),
        createdAt: m.createdAt,
        updatedAt: m.updatedAt,
      };
    });
  }
}

type MembershipEventClass = new (
  ...args: ConstructorParameters<typeof CustomerGroupMemberAdded>
) => ClienteleEvent<MembershipEventPayload>;

/** A membership event, seen in live updates by those who may see the customer's groups. */
export function membershipEvent(event: MembershipEventClass, m: Membership) {
  const payload: MembershipEventPayload = {
    membershipId: m.id,
    groupId: m.groupId,
    customerId: m.customerId,
    validFrom: m.validFrom,
    validTo: m.validTo,
  };
  return new event(payload, { nodeId: m.customerId, permission: MEMBERSHIP_READ }, { type: MEMBERSHIP_TYPE, id: m.id });
}

export function checkDates(validFrom: string | null, validTo: string | null) {
  if (validFrom && validTo && validTo <= validFrom)
    throw invalid(
      'validTo',
      'ENDS_BEFORE_START',
      'validTo must be after validFrom (it is the first day no longer included)',
    );
}

function overlapping(error: unknown): never {
  if (
    (error as { driverError?: { constraint?: string } })?.driverError?.constraint ===
    'customer_group_memberships_overlap'
  ) {
    throw conflict('MEMBERSHIP_OVERLAPS', 'The customer is already in this group on some of these days', 'validFrom');
  }
  throw error;
}
