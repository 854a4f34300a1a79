import type { EntityManager, SelectQueryBuilder } from 'typeorm';
import { AccessService, RequestContext } from '@clientele/core';
import { CUSTOMER_READ } from '@clientele/contacts';
import { LINE_USE, REQUEST_READ, TICKET_READ } from '../constants.js';

/** A customer's person (a user whose home is inside a customer), as contacts tells them from staff. */
export const isCustomerPerson = (ctx: RequestContext) => !ctx.isMasterAdmin && !!ctx.user?.homeNodeId;

let seq = 0;

/**
 * Every rule that decides who sees a ticket, as one SQL condition (lists, totals, search, single
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
 *
 * Only the arms the caller can pass at all are written (whether they hold the permission
 * anywhere is one indexed probe each), and each arm carries a condition an index serves: the
 * areas the caller reaches (a handful), the customer their account belongs to, their own
 * requests. So a list reads the candidate rows of those areas or that customer, not every ticket.
 */
export async function ticketVisibility(
  access: AccessService,
  ctx: RequestContext,
  manager: EntityManager,
  alias = 't',
): Promise<[string, Record<string, unknown>]> {
  if (!ctx.user) return ['false', {}];
  if (ctx.isMasterAdmin) return access.condition(`${alias}.id`, TICKET_READ, ctx);
  const n = ++seq % 1_000_000;
  const user = ctx.user.id;
  const arms: string[] = [];
  const params: Record<string, unknown> = { [`tvUser${n}`]: user };

  const [areaCheck, areaParams] = access.condition('a.id', TICKET_READ, ctx);
  const areas: { id: string }[] = await manager
    .createQueryBuilder()
    .select('a.id', 'id')
    .from('helpdesk_areas', 'a')
    .where(areaCheck, areaParams)
    .getRawMany();
  if (areas.length) {
    const [area, ap] = access.condition(`${alias}.area_id`, TICKET_READ, ctx);
    const [book, bp] = access.condition(`${alias}.id`, CUSTOMER_READ, ctx);
    const group = `(${alias}.visible_group_id IS NULL OR EXISTS (SELECT 1 FROM user_group_members vg WHERE vg.group_id = ${alias}.visible_group_id AND vg.user_id = :tvUser${n}))`;
    arms.push(`(${alias}.area_id = ANY(:tvAreas${n}::uuid[]) AND ${area} AND (${alias}.customer_id IS NULL OR ${book}) AND ${group})`);
    Object.assign(params, ap, bp, { [`tvAreas${n}`]: areas.map((a) => a.id) });
  }
  if (ctx.user.homeNodeId) {
    const [home] = await manager.query(`SELECT path FROM scope_nodes WHERE id = $1 AND disabled_at IS NULL`, [ctx.user.homeNodeId]);
    if (home) {
      const [own, op] = access.condition(`${alias}.id`, REQUEST_READ, ctx);
      // The ticket's customer is the home node or one above it; the node check keeps tickets outside the home's part of the customer out.
      arms.push(`(${alias}.customer_id = ANY(:tvHomePath${n}::uuid[]) AND ${own} AND EXISTS (SELECT 1 FROM scope_nodes tv_h WHERE tv_h.id = ${alias}.id AND tv_h.path @> ARRAY[:tvHome${n}]::uuid[]))`);
      Object.assign(params, op, { [`tvHomePath${n}`]: home.path, [`tvHome${n}`]: ctx.user.homeNodeId });
    }
  }
  if (await access.holdsAnywhere(ctx, LINE_USE)) {
    const [line, lp] = access.condition(`${alias}.area_id`, LINE_USE, ctx);
    arms.push(`(${alias}.requester_id = :tvUser${n} AND ${alias}.customer_id IS NULL AND ${line})`);
    Object.assign(params, lp);
  }
  return arms.length ? [`(${arms.join(' OR ')})`, params] : ['false', {}];
}

export async function restrictToVisibleTickets<Q extends SelectQueryBuilder<any>>(qb: Q, access: AccessService, ctx: RequestContext, manager: EntityManager, alias = 't'): Promise<Q> {
  const [condition, params] = await ticketVisibility(access, ctx, manager, alias);
  qb.andWhere(condition, params);
  return qb;
}
