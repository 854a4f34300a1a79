import type { EntityManager, SelectQueryBuilder } from 'typeorm';
import { AccessService, RequestContext } from '@clientele/core';
import { CUSTOMER_READ, KIND_ADDRESS_BOOK } from '@clientele/contacts';
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
export interface TicketVisibility {
  condition: string;
  params: Record<string, unknown>;
  /**
   * For a caller who can only be staff: the address-book rule, left out of `condition` to be
   * checked on the candidates in list order until a page is full (`ListSpec.checkAfterSort`);
   * a single read adds it to its condition.
   */
  bookCheck?: (idColumn: string) => [string, Record<string, unknown>];
}

const nothing: TicketVisibility = { condition: 'false', params: {} };

/** Whether the caller holds `contacts.customer.read` on every live address book (or above them all). */
async function readsEveryBook(access: AccessService, ctx: RequestContext, manager: EntityManager) {
  const books = `SELECT id FROM scope_nodes WHERE kind = '${KIND_ADDRESS_BOOK}'`;
  const scope = (await access.reach(ctx, CUSTOMER_READ, { nodes: books })).scope();
  if (scope === 'all') return true;
  const [missing] = await manager.query(`${books} AND disabled_at IS NULL AND NOT (id = ANY($1::uuid[])) LIMIT 1`, [scope.parents]);
  return !missing;
}

export async function ticketVisibility(
  access: AccessService,
  ctx: RequestContext,
  manager: EntityManager,
  alias = 't',
): Promise<TicketVisibility> {
  if (!ctx.user) return nothing;
  if (ctx.isMasterAdmin) {
    const [condition, params] = access.condition(`${alias}.id`, TICKET_READ, ctx);
    return { condition, params };
  }
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
  // The areas were found by the exact rule on their live nodes: the ticket's area among them is the area check.
  const staffArm = (book: string) =>
    `(${alias}.area_id = ANY(:tvAreas${n}::uuid[]) AND (${alias}.customer_id IS NULL OR ${book}) AND (${alias}.visible_group_id IS NULL OR EXISTS (SELECT 1 FROM user_group_members vg WHERE vg.group_id = ${alias}.visible_group_id AND vg.user_id = :tvUser${n})))`;
  const bookCheck = (idColumn: string): [string, Record<string, unknown>] => {
    const [book, bp] = access.condition(idColumn, CUSTOMER_READ, ctx);
    return [`((SELECT bc.customer_id FROM helpdesk_tickets bc WHERE bc.id = ${idColumn}) IS NULL OR ${book})`, bp];
  };
  if (areas.length) params[`tvAreas${n}`] = areas.map((a) => a.id);
  const onlyStaff = !ctx.user.homeNodeId && !(await access.holdsAnywhere(ctx, LINE_USE));
  if (areas.length && onlyStaff) {
    // Staff who read the customers of every address book pass the address-book rule wherever
    // the ticket's node is live: one primary-key probe per row instead of the whole check.
    if (await readsEveryBook(access, ctx, manager)) {
      return { condition: staffArm(`EXISTS (SELECT 1 FROM scope_nodes tv_live WHERE tv_live.id = ${alias}.id AND tv_live.disabled_at IS NULL)`), params };
    }
    return { condition: staffArm('true'), params, bookCheck };
  }
  if (areas.length) {
    const [book, bp] = access.condition(`${alias}.id`, CUSTOMER_READ, ctx);
    arms.push(staffArm(book));
    Object.assign(params, bp);
  }
  if (ctx.user.homeNodeId) {
    const [home] = await manager.query(`SELECT path FROM scope_nodes WHERE id = $1 AND disabled_at IS NULL`, [
      ctx.user.homeNodeId,
    ]);
    if (home) {
      const [own, op] = access.condition(`${alias}.id`, REQUEST_READ, ctx);
      // The ticket's customer is the home node or one above it; the node check keeps tickets outside the home's part of the customer out.
      arms.push(
        `(${alias}.customer_id = ANY(:tvHomePath${n}::uuid[]) AND ${own} AND EXISTS (SELECT 1 FROM scope_nodes tv_h WHERE tv_h.id = ${alias}.id AND tv_h.path @> ARRAY[:tvHome${n}]::uuid[]))`,
      );
      Object.assign(params, op, { [`tvHomePath${n}`]: home.path, [`tvHome${n}`]: ctx.user.homeNodeId });
    }
  }
  if (!onlyStaff && (await access.holdsAnywhere(ctx, LINE_USE))) {
    const [line, lp] = access.condition(`${alias}.area_id`, LINE_USE, ctx);
    arms.push(`(${alias}.requester_id = :tvUser${n} AND ${alias}.customer_id IS NULL AND ${line})`);
    Object.assign(params, lp);
  }
  return arms.length ? { condition: `(${arms.join(' OR ')})`, params } : nothing;
}

/** The query restricted to what the caller may see, and the address-book check a list defers (a single read applies it at once when `whole`). */
export async function restrictToVisibleTickets<Q extends SelectQueryBuilder<any>>(
  qb: Q,
  access: AccessService,
  ctx: RequestContext,
  manager: EntityManager,
  options: { whole?: boolean } = {},
): Promise<{ qb: Q; bookCheck?: TicketVisibility['bookCheck'] }> {
  const visibility = await ticketVisibility(access, ctx, manager);
  qb.andWhere(visibility.condition, visibility.params);
  if (visibility.bookCheck && options.whole) {
    const [check, params] = visibility.bookCheck(`${qb.alias}.id`);
    qb.andWhere(check, params);
    return { qb };
  }
  return { qb, bookCheck: visibility.bookCheck };
}
