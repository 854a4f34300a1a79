import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { SlaEvent } from '@clientele/sla';

/** Appends to a ticket's SLA timeline (what its clocks are computed from), in the caller's transaction. */
@Injectable()
export class Timeline {
  async add(m: EntityManager, ticketId: string, at: Date, kind: SlaEvent['type'], data: Record<string, unknown> = {}) {
    await this.addMany(m, ticketId, [{ at, kind, data }]);
  }

  /** Several events of one ticket in one statement, in the order given. */
  async addMany(
    m: EntityManager,
    ticketId: string,
    events: { at: Date; kind: SlaEvent['type']; data?: Record<string, unknown> }[],
  ) {
    if (!events.length) return;
    await m.query(
      `INSERT INTO helpdesk_ticket_timeline (ticket_id, at, kind, data)
       SELECT $1, e.at, e.kind, e.data FROM unnest($2::timestamptz[], $3::text[], $4::jsonb[]) WITH ORDINALITY AS e(at, kind, data, n) ORDER BY e.n`,
      [ticketId, events.map((e) => e.at), events.map((e) => e.kind), events.map((e) => JSON.stringify(e.data ?? {}))],
    );
  }
}
