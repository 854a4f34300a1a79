import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import {
  SlaClocks,
  type ComputedRecord,
  type SlaClockOwner,
  type SlaEvent,
  type SlaRecordHistory,
} from '@clientele/sla';
import { TICKET_TYPE } from '../constants.js';
import { GroupTerms } from './group-terms.js';

interface TimelineRow {
  ticket_id: string;
  customer_id: string | null;
  at: Date;
  kind: SlaEvent['type'];
  data: Record<string, unknown>;
}

const timelineSql = `SELECT t.id AS ticket_id, t.customer_id, e.at, e.kind, e.data
  FROM helpdesk_tickets t JOIN helpdesk_ticket_timeline e ON e.ticket_id = t.id
 WHERE t.id = ANY($1::uuid[]) ORDER BY e.ticket_id, e.id`;

/**
 * Tickets as the SLA plugin's clock owner: their histories from the timeline (with the SLA
 * terms of the customer's groups), and the stored deadline and SLA state the lists sort and
 * filter by, kept in step in the transaction that changes the timeline.
 */
@Injectable()
export class TicketClocks implements SlaClockOwner, OnModuleInit {
  readonly recordType = TICKET_TYPE;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly sla: SlaClocks,
    private readonly groups: GroupTerms,
  ) {}

  onModuleInit() {
    this.sla.registerOwner(this);
  }

  async histories(ids: string[], manager: EntityManager = this.db.manager): Promise<SlaRecordHistory[]> {
    const rows: TimelineRow[] = ids.length ? await manager.query(timelineSql, [ids]) : [];
    const byTicket = new Map<string, { customerId: string | null; events: SlaEvent[] }>();
    for (const r of rows) {
      const entry = byTicket.get(r.ticket_id) ?? { customerId: r.customer_id, events: [] };
      entry.events.push({ ...r.data, type: r.kind, at: new Date(r.at) } as SlaEvent);
      byTicket.set(r.ticket_id, entry);
    }
    const groups = new Map<string, Awaited<ReturnType<GroupTerms['sla']>>>();
    for (const { customerId } of byTicket.values())
      if (customerId && !groups.has(customerId)) groups.set(customerId, await this.groups.sla(customerId));
    return [...byTicket.entries()].map(([id, h]) => ({
      id,
      nodeId: id,
      events: h.events,
      group: (h.customerId && groups.get(h.customerId)) || null,
    }));
  }

  /** Recomputes and stores the clocks of these tickets, and their deadline and SLA state for lists. */
  /** Returns each ticket's stored deadline and SLA state. */
  async track(manager: EntityManager, ids: string[], now = new Date()) {
    const computed = await this.sla.track(manager, TICKET_TYPE, await this.histories(ids, manager), now);
    return this.storeSummary(manager, computed);
  }

  /** After the SLA plugin recomputed tickets (a contract, calendar or assignment changed): their deadlines for lists follow. */
  clocksStored(manager: EntityManager, computed: ComputedRecord[]) {
    return this.storeSummary(manager, computed);
  }

  async storeSummary(manager: EntityManager, computed: ComputedRecord[]) {
    const summaries = computed.map(summarise);
    if (!computed.length) return new Map<string, { slaDueAt: Date | null; slaState: string }>();
    await manager.query(
      `UPDATE helpdesk_tickets t SET sla_due_at = s.due, sla_state = s.state
         FROM unnest($1::uuid[], $2::timestamptz[], $3::text[]) AS s(id, due, state) WHERE t.id = s.id`,
      [computed.map((c) => c.id), summaries.map((s) => s.due), summaries.map((s) => s.state)],
    );
    return new Map(computed.map((c, i) => [c.id, { slaDueAt: summaries[i].due, slaState: summaries[i].state }]));
  }

  async explain(id: string) {
    const [history] = await this.histories([id]);
    return this.sla.explain(history ?? { id, nodeId: id, events: [] });
  }
}

/**
 * The most urgent of a ticket's clocks: breached when a clock still owes its target past the
 * deadline, else running (the earliest deadline), else paused, else met; `none` without clocks.
 */
export function summarise(record: ComputedRecord): { due: Date | null; state: string } {
  const owing = (record.clocks?.clocks ?? []).filter((c) => c.stoppedAt === null);
  if (!record.clocks || !record.clocks.clocks.length) return { due: null, state: 'none' };
  const dues = owing
    .filter((c) => c.state === 'running' || c.state === 'breached')
    .map((c) => c.deadline?.getTime() ?? Infinity);
  const due = dues.length && Number.isFinite(Math.min(...dues)) ? new Date(Math.min(...dues)) : null;
  if (owing.some((c) => c.state === 'breached')) return { due, state: 'breached' };
  if (owing.some((c) => c.state === 'running')) return { due, state: 'running' };
  if (owing.some((c) => c.state === 'paused')) return { due: null, state: 'paused' };
  return { due: null, state: record.clocks.clocks.some((c) => c.state === 'breached') ? 'breached' : 'met' };
}
