import type { SelectQueryBuilder } from 'typeorm';
import { RequestContext, escapeLike, invalid, type ListSpec, type SortKey } from '@clientele/core';
import type { Ticket } from '../entities/ticket.entity.js';
import type { PaymentScoreSort } from './payment-score.js';

/**
 * Subjects and messages, as every reader of the ticket may read them: private messages are
 * never searched (their index leaves them out), so a hit never reveals their content.
 */
export function searchTickets(qb: SelectQueryBuilder<Ticket>, q: string | undefined) {
  const words = q?.trim().replace(/\s+/g, ' ').toLowerCase();
  if (!words) return qb;
  const pattern = `%${escapeLike(words)}%`;
  return qb.andWhere(
    `(lower(t.subject) LIKE :ticketSearch OR EXISTS (SELECT 1 FROM helpdesk_messages sm WHERE sm.ticket_id = t.id AND NOT sm.private AND lower(sm.body) LIKE :ticketSearch))`,
    { ticketSearch: pattern },
  );
}

const due = `COALESCE(t.sla_due_at, 'infinity'::timestamptz)`;

/**
 * The customer's average payment score (billing), joined only when the list is sorted by it; the
 * cursor keeps the last ticket's customer and reads its score again. Tickets of customers without
 * a score, or whose score the caller may not see, come last either way.
 */
export function paymentScoreSort(
  score: PaymentScoreSort,
  qb: SelectQueryBuilder<Ticket>,
  ctx: RequestContext,
): SortKey {
  let joined = false;
  return {
    column: 'payment_score.score',
    use: () => {
      if (!joined) score.joinScore(qb, ctx, 't.customer_id', 'payment_score');
      joined = true;
    },
    value: (t: Ticket) => t.customerId,
    fromCursor: (param) => score.scoreOf(qb, ctx, `${param}::uuid`),
    type: 'numeric',
    nullsLast: true,
  };
}

/**
 * Sorted by SLA deadline by default (tickets without a running clock last), then by id; by
 * payment score too while billing is enabled.
 */
export function ticketListSpec(ctx: RequestContext, paymentScore?: SortKey): ListSpec {
  return {
    sorts: {
      slaDueAt: { column: due, value: (t: Ticket) => t.slaDueAt ?? 'infinity', type: 'timestamptz' },
      createdAt: { column: 't.id', value: (t: Ticket) => t.id, type: 'uuid' },
      number: { column: 't.number', value: (t: Ticket) => t.number, type: 'bigint' },
      ...(paymentScore ? { paymentScore } : {}),
    },
    defaultSort: 'slaDueAt',
    idColumn: 't.id',
    filters: {
      areaId: { column: 't.area_id', type: 'uuid' },
      state: { column: 't.state', type: 'text' },
      assigneeUserId: { column: 't.assignee_user_id', type: 'uuid' },
      assigneeGroupId: { column: 't.assignee_group_id', type: 'uuid' },
      customerId: { column: 't.customer_id', type: 'uuid' },
      serviceId: { column: 't.service_id', type: 'uuid' },
      severity: { column: 't.severity', type: 'text' },
      slaState: { column: 't.sla_state', type: 'text' },
      requesterId: { column: 't.requester_id', type: 'uuid' },
      mine: {
        apply: (qb, value, param) => {
          if (value !== 'true') throw invalid('filter[mine]', 'INVALID_FILTER', 'filter[mine] takes only true');
          qb.andWhere(
            `(t.assignee_user_id = :${param} OR t.assignee_group_id IN (SELECT mg.group_id FROM user_group_members mg WHERE mg.user_id = :${param}))`,
            { [param]: ctx.userId },
          );
        },
      },
    },
  };
}
