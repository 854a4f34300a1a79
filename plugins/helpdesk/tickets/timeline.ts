import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { SlaEvent } from '@clientele/sla';

/** Appends to a ticket's SLA timeline (what its clocks are computed from), in the caller's transaction. */
@Injectable()
export class Timeline {
  async add(m: EntityManager, ticketId: string, at: Date, kind: SlaEvent['type'], data: Record<string, unknown> = {}) {
    await m.query(`INSERT INTO helpdesk_ticket_timeline (ticket_id, at, kind, data) VALUES ($1, $2, $3, $4)`, [ticketId, at, kind, JSON.stringify(data)]);
  }
}
