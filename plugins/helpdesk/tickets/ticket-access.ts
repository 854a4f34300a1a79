import type { SelectQueryBuilder } from 'typeorm';
import { AccessService, RequestContext } from '@clientele/core';
import { CUSTOMER_READ } from '@clientele/contacts';
import { LINE_USE, REQUEST_READ, TICKET_READ } from '../constants.js';

/** A customer's person (a user whose home is inside a customer), as contacts tells them from staff. */
export const isCustomerPerson = (ctx: RequestContext) => !ctx.isMasterAdmin && !!ctx.user?.homeNodeId;

let seq = 0;

/**
 * Every rule that decides who sees a ticket, in one SQL condition (lists, totals, search, single
 * reads and every route on a ticket go through it):
 * - staff: `helpdesk.ticket.read` on the ticket's area, and the address-book rule — the customer
 *   readable with `contacts.customer.read` (at the ticket's node, which sits below it); when
 *   routing restricted the ticket to a user group, membership of that group too;
 * - the customer's people: `helpdesk.request.read` where the ticket hangs (the customer's
 *   Administrators see all its tickets, a service's Callers those filed on the service), for
 *   tickets inside the customer their account belongs to;
 * - users of other companies connected to a public line: their own requests there, while the
 *   line-user grant on the area lasts (disconnecting removes it).
 * Master admins see every ticket on a live node.
 */
export function ticketVisibility(access: AccessService, ctx: RequestContext, alias = 't'): [string, Record<string, unknown>] {
  if (!ctx.user) return ['false', {}];
  if (ctx.isMasterAdmin) return access.condition(`${alias}.id`, TICKET_READ, ctx);
  const n = ++seq % 1_000_000;
  const [area, areaParams] = access.condition(`${alias}.area_id`, TICKET_READ, ctx);
  const [book, bookParams] = access.condition(`${alias}.id`, CUSTOMER_READ, ctx);
  const group = `(${alias}.visible_group_id IS NULL OR EXISTS (SELECT 1 FROM user_group_members vg WHERE vg.group_id = ${alias}.visible_group_id AND vg.user_id = :tvUser${n}))`;
  const [line, lineParams] = access.condition(`${alias}.area_id`, LINE_USE, ctx);
  const arms = [
    `(${area} AND (${alias}.customer_id IS NULL OR ${book}) AND ${group})`,
    `(${alias}.customer_id IS NULL AND ${alias}.requester_id = :tvUser${n} AND ${line})`,
  ];
  const params: Record<string, unknown> = { ...areaParams, ...bookParams, ...lineParams, [`tvUser${n}`]: ctx.user.id };
  if (ctx.user.homeNodeId) {
    const [own, ownParams] = access.condition(`${alias}.id`, REQUEST_READ, ctx);
    arms.push(`(${own} AND EXISTS (SELECT 1 FROM scope_nodes tv_h WHERE tv_h.id = ${alias}.id AND tv_h.path @> ARRAY[:tvHome${n}]::uuid[]))`);
    Object.assign(params, ownParams, { [`tvHome${n}`]: ctx.user.homeNodeId });
  }
  return [`(${arms.join(' OR ')})`, params];
}

export function restrictToVisibleTickets<Q extends SelectQueryBuilder<any>>(qb: Q, access: AccessService, ctx: RequestContext, alias = 't'): Q {
  const [condition, params] = ticketVisibility(access, ctx, alias);
  qb.andWhere(condition, params);
  return qb;
}
