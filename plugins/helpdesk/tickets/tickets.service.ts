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
  ScopedRecords,
  OptionalPorts,
  forbidden,
  invalid,
  notFound,
  paginate,
} from '@clientele/core';
import { CUSTOMER_READ, SERVICE_RUN } from '@clientele/contacts';
import { ContractLookup, SlaClocks } from '@clientele/sla';
import { LINE_USE, REQUEST_FILE, REQUEST_READ, TICKET_TYPE, TICKET_WRITE } from '../constants.js';
import { Area } from '../entities/area.entity.js';
import { Ticket } from '../entities/ticket.entity.js';
import { TicketMessage } from '../entities/message.entity.js';
import { TicketAssigned, TicketAwaitingAuthorisation, TicketCreated, TicketStateChanged } from '../events.js';
import { AuthorisationPolicies } from './authorisation-policies.js';
import type { ChangeStateDto, CreateTicketDto, TicketListQueryDto, UpdateTicketDto } from '../dto/ticket.dto.js';
import { TicketClocks } from '../sla/ticket-clocks.js';
import { messageHtml } from './message-text.js';
import { TicketRouting, type RoutingDecision } from './routing.js';
import { isCustomerPerson, restrictToVisibleTickets } from './ticket-access.js';
import { paymentScoreSort, ticketListSpec, searchTickets } from './ticket-list.js';
import { PAYMENT_SCORE } from './payment-score.js';
import { resolveTarget, type TicketTarget } from './ticket-target.js';
import { Timeline } from './timeline.js';
import { checkTransition, isResolvedState } from './workflow.js';

export const ticketRef = (t: Ticket) => ({
  ticketId: t.id,
  number: String(t.number),
  areaId: t.areaId,
  customerId: t.customerId,
});
export const ticketScope = (t: Ticket) => ({ nodeId: t.areaId, permission: 'helpdesk.ticket.read' });

/** Tickets: filing (routing, SLA, history, events in one transaction), lists, changes and the state workflow. */
@Injectable()
export class TicketsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly records: RecordService,
    private readonly scoped: ScopedRecords,
    private readonly access: AccessService,
    private readonly history: HistoryQueryService,
    private readonly events: EventBus,
    private readonly routing: TicketRouting,
    private readonly clocks: TicketClocks,
    private readonly sla: SlaClocks,
    private readonly timeline: Timeline,
    private readonly contracts: ContractLookup,
    private readonly policies: AuthorisationPolicies,
    private readonly ports: OptionalPorts,
  ) {}

  /** The tickets the caller may see, every rule applied. */
  async visible(ctx: RequestContext, manager: EntityManager = this.db.manager) {
    return (
      await restrictToVisibleTickets(manager.getRepository(Ticket).createQueryBuilder('t'), this.access, ctx, manager, {
        whole: true,
      })
    ).qb;
  }

  /** A staff user's list checks the address-book rule on the candidates in order, until the page is full. */
  async list(ctx: RequestContext, query: TicketListQueryDto) {
    const { qb, bookCheck } = await restrictToVisibleTickets(
      this.db.getRepository(Ticket).createQueryBuilder('t'),
      this.access,
      ctx,
      this.db.manager,
    );
    const score = this.ports.get(PAYMENT_SCORE);
    return paginate(searchTickets(qb, query.q), query, {
      ...ticketListSpec(ctx, score ? paymentScoreSort(score, qb, ctx) : undefined),
      ...(bookCheck ? { checkAfterSort: bookCheck } : {}),
    });
  }

  /** A ticket the caller may see; 404 otherwise, whether it exists or not. */
  async find(ctx: RequestContext, id: string, manager?: EntityManager) {
    const ticket = await (await this.visible(ctx, manager)).andWhere('t.id = :ticketId', { ticketId: id }).getOne();
    if (!ticket) throw notFound('Ticket');
    return ticket;
  }

  async create(ctx: RequestContext, dto: CreateTicketDto) {
    const body = messageHtml(dto.body, dto.format);
    const fromCustomer = isCustomerPerson(ctx);
    return this.db.transaction(async (m) => {
      if (await this.onLine(ctx, dto, m)) {
        const line = { customerId: null, consumerId: null, serviceId: null, parentNodeId: dto.areaId! };
        return this.file(m, ctx, line, dto, body, { fromCustomer: true, staff: false });
      }
      const target = await resolveTarget(m, dto);
      await this.checkFiling(ctx, target, fromCustomer, dto.areaId, m);
      return this.file(m, ctx, target, dto, body, { fromCustomer, staff: !fromCustomer });
    });
  }

  /**
   * Files a request whose requester has been checked, in the caller's transaction: authorisation,
   * routing, the ticket and its first message, the routing's reasons, the SLA timeline and
   * clocks, and the events. Staff also need `helpdesk.ticket.write` on the area routing picked.
   */
  async file(
    m: EntityManager,
    ctx: RequestContext,
    target: TicketTarget,
    dto: Pick<CreateTicketDto, 'subject' | 'areaId' | 'severity' | 'requestAuthorisation'>,
    body: string,
    options: { fromCustomer: boolean; staff: boolean; quickAccountId?: string },
  ) {
    const { fromCustomer } = options;
    const held = this.policies.holds(await this.policies.mode(target.customerId, m), dto.requestAuthorisation);
    const route = await this.routing.decide(target.customerId, dto.areaId, m);
    if (options.staff) await this.access.require(ctx, TICKET_WRITE, route.areaId, 'helpdesk.ticket.read', m);
    const ticket = await this.scoped.create(
      Ticket,
      target.parentNodeId,
      {
        subject: dto.subject.trim(),
        areaId: route.areaId,
        customerId: target.customerId,
        consumerId: target.consumerId,
        serviceId: target.serviceId,
        state: held ? 'awaiting_authorisation' : 'new',
        authorisation: held ? 'requested' : null,
        severity: dto.severity ?? null,
        assigneeUserId: route.assigneeUserId,
        assigneeGroupId: route.assigneeGroupId,
        visibleGroupId: route.visibleGroupId,
        requesterId: ctx.userId || null,
        quickAccountId: options.quickAccountId ?? null,
        slaState: 'none',
      },
      ctx,
      m,
    );
    const saved = await m.getRepository(Ticket).findOneOrFail({ where: { id: ticket.id } });
    await this.records.create(
      TicketMessage,
      { ticketId: saved.id, authorId: ctx.userId || null, fromCustomer, body, private: false, addresseeId: null },
      ctx,
      m,
    );
    await m.query(`INSERT INTO helpdesk_ticket_routing (ticket_id, decision) VALUES ($1, $2)`, [
      saved.id,
      JSON.stringify(route),
    ]);
    const now = saved.createdAt;
    await this.timeline.addMany(m, saved.id, [
      { at: now, kind: 'created' },
      ...(held ? [{ at: now, kind: 'state' as const, data: { state: saved.state } }] : []),
      ...(saved.severity ? [{ at: now, kind: 'level' as const, data: { level: saved.severity } }] : []),
    ]);
    if (route.areaContractId) await this.areaContract(m, saved, route.areaContractId, now);
    Object.assign(saved, await this.clocks.track(m, [saved.id]).then((s) => s.get(saved.id)));
    const events: ClienteleEvent<object>[] = [
      new TicketCreated(
        {
          ...ticketRef(saved),
          subject: saved.subject,
          state: saved.state,
          requesterId: saved.requesterId,
          assigneeUserId: saved.assigneeUserId,
          assigneeGroupId: saved.assigneeGroupId,
        },
        ticketScope(saved),
        { type: TICKET_TYPE, id: saved.id },
      ),
    ];
    if (route.assigneeUserId || route.assigneeGroupId) events.push(assigned(saved, route.because));
    if (held) {
      const likelyDuplicates = (await this.policies.duplicates(m, saved)).map((d) => d.id);
      events.push(
        new TicketAwaitingAuthorisation(
          { ...ticketRef(saved), subject: saved.subject, likelyDuplicates },
          ticketScope(saved),
          { type: TICKET_TYPE, id: saved.id },
        ),
      );
    }
    await this.events.publishMany(m, events, ctx);
    return saved;
  }

  async update(ctx: RequestContext, id: string, dto: UpdateTicketDto) {
    return this.db.transaction(async (m) => {
      const ticket = await this.find(ctx, id, m);
      await this.requireStaff(ctx, ticket, m);
      if (dto.assigneeUserId && dto.assigneeGroupId)
        throw invalid('assigneeGroupId', 'ONE_ASSIGNEE', 'Assign a user or a user group, not both');
      await this.checkAssignee(m, dto);
      if (dto.areaId && dto.areaId !== ticket.areaId) {
        const area = await m.getRepository(Area).findOne({ where: { id: dto.areaId } });
        if (!area || area.deletedAt || !(await this.access.can(ctx, 'helpdesk.ticket.read', area.id, m)))
          throw notFound('Area');
        await this.access.require(ctx, TICKET_WRITE, area.id, 'helpdesk.ticket.read', m);
      }
      const now = new Date();
      const saved = await this.scoped.update(
        Ticket,
        id,
        dto.version,
        (t) => {
          if (dto.subject !== undefined) t.subject = dto.subject.trim();
          if (dto.severity !== undefined) t.severity = dto.severity;
          if (dto.areaId !== undefined) t.areaId = dto.areaId;
          if (dto.assigneeUserId !== undefined) {
            t.assigneeUserId = dto.assigneeUserId;
            if (dto.assigneeUserId) t.assigneeGroupId = null;
          }
          if (dto.assigneeGroupId !== undefined) {
            t.assigneeGroupId = dto.assigneeGroupId;
            if (dto.assigneeGroupId) t.assigneeUserId = null;
          }
        },
        ctx,
        m,
      );
      let clocksChanged = false;
      if (dto.severity !== undefined && dto.severity !== ticket.severity) {
        await this.timeline.add(m, id, now, 'level', { level: dto.severity ?? (await this.defaultLevel(m, saved)) });
        clocksChanged = true;
      }
      if (dto.slaContractId) {
        if (!(await this.contractExists(dto.slaContractId)))
          throw invalid('slaContractId', 'UNKNOWN_SLA_CONTRACT', 'No such SLA contract');
        await this.timeline.add(m, id, now, 'contract', {
          contractId: dto.slaContractId,
          ...(saved.severity ? { level: saved.severity } : {}),
        });
        // The contract set on the ticket is a change of the ticket, kept in its history.
        await this.records.update(Ticket, id, undefined, () => undefined, ctx, m);
        clocksChanged = true;
      }
      if (clocksChanged) await this.clocks.track(m, [id], now);
      if (saved.assigneeUserId !== ticket.assigneeUserId || saved.assigneeGroupId !== ticket.assigneeGroupId) {
        await this.events.publish(m, assigned(saved, 'Assigned by hand'), ctx);
      }
      return m.getRepository(Ticket).findOneOrFail({ where: { id } });
    });
  }

  async changeState(ctx: RequestContext, id: string, dto: ChangeStateDto) {
    return this.db.transaction(async (m) => {
      const ticket = await this.find(ctx, id, m);
      await this.requireStaff(ctx, ticket, m);
      checkTransition(ticket.state, dto.state);
      const saved = await this.scoped.update(
        Ticket,
        id,
        dto.version,
        (t) => {
          t.state = dto.state;
        },
        ctx,
        m,
      );
      await this.timeline.add(m, id, saved.updatedAt, 'state', {
        state: dto.state,
        ...(isResolvedState(dto.state) ? { resolved: true } : {}),
      });
      await this.clocks.track(m, [id]);
      await this.events.publish(
        m,
        new TicketStateChanged(
          { ...ticketRef(saved), from: ticket.state, to: dto.state, reason: dto.reason ?? null },
          ticketScope(saved),
          { type: TICKET_TYPE, id },
        ),
        ctx,
      );
      return m.getRepository(Ticket).findOneOrFail({ where: { id } });
    });
  }

  async historyOf(ctx: RequestContext, id: string, query: HistoryQueryDto) {
    await this.find(ctx, id);
    return this.history.forRecord(ctx, TICKET_TYPE, id, query);
  }

  async slaOf(ctx: RequestContext, id: string) {
    await this.find(ctx, id);
    return this.clocks.explain(id);
  }

  async routingOf(ctx: RequestContext, id: string) {
    await this.find(ctx, id);
    const [row] = await this.db.query(`SELECT decided_at, decision FROM helpdesk_ticket_routing WHERE ticket_id = $1`, [
      id,
    ]);
    if (!row) throw notFound('Routing');
    return { ticketId: id, decidedAt: row.decided_at, ...(row.decision as RoutingDecision) };
  }

  /** A request on a public line by a user of another company connected to it: no customer named, the line's area. */
  private async onLine(ctx: RequestContext, dto: CreateTicketDto, m: EntityManager) {
    if (dto.customerId || dto.consumerId || dto.serviceId || !dto.areaId || isCustomerPerson(ctx) || ctx.isMasterAdmin)
      return false;
    const area = await m.getRepository(Area).findOne({ where: { id: dto.areaId } });
    return !!area && !area.deletedAt && area.isPublic && (await this.access.can(ctx, LINE_USE, area.id, m));
  }

  /** Whether the caller writes from the requester's side: the customer's people, and the user of another company who filed it on a line. */
  requesterSide(ctx: RequestContext, ticket: Ticket) {
    return (
      isCustomerPerson(ctx) ||
      (!ctx.isMasterAdmin && ticket.customerId === null && !!ctx.userId && ticket.requesterId === ctx.userId)
    );
  }

  /** Staff act on a ticket with `helpdesk.ticket.write` on its area; the customer's people only read and write messages. */
  async requireStaff(ctx: RequestContext, ticket: Ticket, manager?: EntityManager) {
    if (this.requesterSide(ctx, ticket)) throw forbidden('Only staff may change a ticket');
    await this.access.require(ctx, TICKET_WRITE, ticket.areaId, 'helpdesk.ticket.read', manager);
  }

  /**
   * Who may file on the record: the customer's people need `contacts.service.run` on a service
   * (a Caller), or `helpdesk.request.file` where they file; staff need to see the customer
   * (and `helpdesk.ticket.write` on the area, checked once routing has picked it).
   */
  private async checkFiling(
    ctx: RequestContext,
    target: { parentNodeId: string; serviceId: string | null },
    fromCustomer: boolean,
    areaId: string | undefined,
    m: EntityManager,
  ) {
    if (!fromCustomer) {
      if (!(await this.access.can(ctx, CUSTOMER_READ, target.parentNodeId, m))) throw notFound('Customer');
      if (areaId) {
        const area = await m.getRepository(Area).findOne({ where: { id: areaId } });
        if (!area || area.deletedAt || !(await this.access.can(ctx, 'helpdesk.ticket.read', areaId, m)))
          throw notFound('Area');
      }
      return;
    }
    const home = ctx.user!.homeNodeId!;
    const [inside] = await m.query(`SELECT 1 FROM scope_nodes WHERE id = $1 AND path @> ARRAY[$2]::uuid[]`, [
      target.parentNodeId,
      home,
    ]);
    const readable = await this.access.can(ctx, REQUEST_READ, target.parentNodeId, m);
    const runs = target.serviceId && (await this.access.can(ctx, SERVICE_RUN, target.serviceId, m));
    if (!inside || (!readable && !runs)) throw notFound('Customer');
    if (!runs && !(await this.access.can(ctx, REQUEST_FILE, target.parentNodeId, m)))
      throw forbidden('You may not file requests here');
    if (areaId) {
      const area = await m.getRepository(Area).findOne({ where: { id: areaId } });
      if (!area || area.deletedAt || !area.isPublic) throw notFound('Area');
    }
  }

  private async checkAssignee(m: EntityManager, dto: UpdateTicketDto) {
    if (dto.assigneeUserId) {
      const [u] = await m.query(`SELECT 1 FROM users WHERE id = $1 AND is_active`, [dto.assigneeUserId]);
      if (!u) throw invalid('assigneeUserId', 'UNKNOWN_USER', 'No such active user');
    }
    if (dto.assigneeGroupId) {
      const [g] = await m.query(`SELECT 1 FROM user_groups WHERE id = $1`, [dto.assigneeGroupId]);
      if (!g) throw invalid('assigneeGroupId', 'UNKNOWN_USER_GROUP', 'No such user group');
    }
  }

  /**
   * The area's default contract applies when nothing above the ticket does (no contract put on
   * the customer or above, none from its groups, no operator-wide default): it is set on the
   * ticket at filing, so its SLA view says so and later changes of the area do not move it.
   */
  private async areaContract(m: EntityManager, ticket: Ticket, contractId: string, at: Date) {
    if (!(await this.contractExists(contractId))) return;
    const [history] = await this.clocks.histories([ticket.id], m);
    const chosen = await this.sla.explain(history, at, m);
    if (chosen.contract && chosen.contract.because.source !== 'default') return;
    await this.timeline.add(m, ticket.id, at, 'contract', { contractId, fromArea: ticket.areaId });
  }

  private contractExists(id: string) {
    return this.contracts.contractExists(RequestContext.system(), id);
  }

  /** The level the ticket's SLA measures when its severity is taken back. */
  private async defaultLevel(m: EntityManager, ticket: Ticket) {
    const [history] = await this.clocks.histories([ticket.id], m);
    const explained = await this.sla.explain(
      { ...history, events: history.events.filter((e) => e.type !== 'level') },
      new Date(),
      m,
    );
    return explained.level?.code ?? 'normal';
  }
}

const assigned = (t: Ticket, because: string) =>
  new TicketAssigned(
    { ...ticketRef(t), assigneeUserId: t.assigneeUserId, assigneeGroupId: t.assigneeGroupId, because },
    ticketScope(t),
    { type: TICKET_TYPE, id: t.id },
  );
