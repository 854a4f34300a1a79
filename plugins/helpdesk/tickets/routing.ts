import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { SettingsService, refused } from '@clientele/core';
import { Customer } from '@clientele/contacts';
import { Area } from '../entities/area.entity.js';
import { HelpdeskSettings } from '../settings.js';
import { GroupTerms, type GroupResponsibilityView } from '../sla/group-terms.js';

/** The process area of customer groups whose responsibility routes tickets. */
const HELPDESK_PROCESS_AREA = 'helpdesk';

export interface RoutingCandidate {
  step: 'customer-person' | 'customer-group' | 'area-default';
  /** The customer's `supportSpecialist` or `accountManager`; the group's code and priority; the area's name. */
  source: string;
  user: { id: string; name: string } | null;
  userGroup: { id: string; name: string } | null;
  won: boolean;
  why: string;
}

export interface RoutingDecision {
  areaId: string;
  /** The area's default SLA contract, for tickets nothing else gives one. */
  areaContractId: string | null;
  areaBecause: string;
  assigneeUserId: string | null;
  assigneeGroupId: string | null;
  visibleGroupId: string | null;
  because: string;
  candidates: RoutingCandidate[];
}

/**
 * Who gets a new ticket, in this order, with the reason kept: the customer's responsible person
 * (support specialist or account manager, per the settings); else the customer groups'
 * responsibility for the helpdesk by group priority (which may also pick the area and restrict
 * who among staff sees the ticket); else the area's default assignee.
 */
@Injectable()
export class TicketRouting {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly settings: SettingsService,
    private readonly groups: GroupTerms,
  ) {}

  async decide(
    customerId: string | null,
    chosenAreaId: string | undefined,
    manager: EntityManager = this.db.manager,
  ): Promise<RoutingDecision> {
    const { routeToCustomerPerson } = await this.settings.get(HelpdeskSettings);
    const customer = customerId ? await manager.getRepository(Customer).findOne({ where: { id: customerId } }) : null;
    const personId = customer ? customer[`${routeToCustomerPerson}Id`] : null;
    const responsibility = customerId ? await this.groupResponsibility(customerId) : null;
    const groupCandidates = responsibility ? groupRows(responsibility) : [];

    const area = await this.area(manager, chosenAreaId, responsibility);
    const names = await this.names(
      manager,
      [personId, ...groupCandidates.map((g) => g.workerId), area.row.defaultAssigneeUserId],
      [area.row.defaultAssigneeGroupId],
    );

    const candidates: RoutingCandidate[] = [];
    const person = personId && names.users.get(personId);
    if (customerId)
      candidates.push({
        step: 'customer-person',
        source: routeToCustomerPerson,
        user: person ? { id: personId!, name: person } : null,
        userGroup: null,
        won: false,
        why: person
          ? `The customer's ${label(routeToCustomerPerson)}`
          : `The customer has no active ${label(routeToCustomerPerson)}`,
      });
    for (const g of groupCandidates) {
      const name = g.workerId && names.users.get(g.workerId);
      candidates.push({
        step: 'customer-group',
        source: `${g.code} (priority ${g.priority})`,
        user: name ? { id: g.workerId!, name } : null,
        userGroup: null,
        won: false,
        why: name
          ? `Responsible for the helpdesk in the customer group ${g.name}`
          : `The customer group ${g.name} names no active worker`,
      });
    }
    const areaUser = area.row.defaultAssigneeUserId && names.users.get(area.row.defaultAssigneeUserId);
    const areaGroup = area.row.defaultAssigneeGroupId && names.groups.get(area.row.defaultAssigneeGroupId);
    candidates.push({
      step: 'area-default',
      source: area.row.name,
      user: areaUser ? { id: area.row.defaultAssigneeUserId!, name: areaUser } : null,
      userGroup: areaGroup ? { id: area.row.defaultAssigneeGroupId!, name: areaGroup } : null,
      won: false,
      why:
        areaUser || areaGroup
          ? `The default assignee of the area ${area.row.name}`
          : `The area ${area.row.name} names no default assignee`,
    });

    const winner = candidates.find((c) => c.user || c.userGroup);
    if (winner) winner.won = true;
    for (const c of candidates)
      if (!c.won && (c.user || c.userGroup)) c.why += `; lost to an earlier step (${winner!.step})`;
    return {
      areaId: area.row.id,
      areaContractId: area.row.defaultSlaContractId,
      areaBecause: area.because,
      assigneeUserId: winner?.user?.id ?? null,
      assigneeGroupId: winner?.user ? null : (winner?.userGroup?.id ?? null),
      visibleGroupId: responsibility?.visibleTo?.userGroup.id ?? null,
      because: winner ? winner.why : 'Nobody is responsible: the ticket waits unassigned in its area',
      candidates,
    };
  }

  private async groupResponsibility(customerId: string): Promise<GroupResponsibilityView | null> {
    const port = this.groups.port();
    if (!port) return null;
    try {
      return await port.responsible(customerId, HELPDESK_PROCESS_AREA);
    } catch {
      // Customer groups without a "helpdesk" process area route nothing.
      return null;
    }
  }

  private async area(
    manager: EntityManager,
    chosenId: string | undefined,
    responsibility: GroupResponsibilityView | null,
  ) {
    const repo = manager.getRepository(Area);
    const live = async (id: string | null | undefined) =>
      id ? repo.findOne({ where: { id } }).then((a) => (a && !a.deletedAt ? a : null)) : null;
    const chosen = await live(chosenId);
    if (chosen) return { row: chosen, because: 'Chosen when the ticket was filed' };
    const fromGroup = await live(responsibility?.helpdeskArea?.id);
    if (fromGroup) return { row: fromGroup, because: "Named by the customer group's helpdesk responsibility" };
    const fallback = await repo.createQueryBuilder('a').where('a.is_default AND a.deleted_at IS NULL').getOne();
    if (fallback) return { row: fallback, because: "The helpdesk's default area" };
    throw refused('NO_AREA', 'No area to file the ticket in: name one, or mark an area as the default');
  }

  private async names(
    manager: EntityManager,
    userIds: (string | null | undefined)[],
    groupIds: (string | null | undefined)[],
  ) {
    const u = userIds.filter((id): id is string => !!id);
    const g = groupIds.filter((id): id is string => !!id);
    const users: { id: string; display_name: string }[] = u.length
      ? await manager.query(`SELECT id, display_name FROM users WHERE id = ANY($1::uuid[]) AND is_active`, [u])
      : [];
    const groups: { id: string; name: string }[] = g.length
      ? await manager.query(`SELECT id, name FROM user_groups WHERE id = ANY($1::uuid[])`, [g])
      : [];
    return {
      users: new Map(users.map((r) => [r.id, r.display_name])),
      groups: new Map(groups.map((r) => [r.id, r.name])),
    };
  }
}

const label = (person: string) => (person === 'supportSpecialist' ? 'support specialist' : 'account manager');

/** The groups' candidates in priority order, winner or not, as customer groups explained them. */
function groupRows(r: GroupResponsibilityView) {
  const all = [...(r.responsible ? [r.responsible] : []), ...r.candidates].filter((c) => c.kind === 'group' && c.group);
  return all
    .map((c) => ({
      workerId: c.worker?.id ?? null,
      code: c.group!.code,
      name: c.group!.name,
      priority: c.group!.priority,
    }))
    .sort((a, b) => a.priority - b.priority);
}
