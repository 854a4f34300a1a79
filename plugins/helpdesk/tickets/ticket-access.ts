import type { EntityManager, SelectQueryBuilder } from 'typeorm';
import { AccessService, RequestContext, SYSTEM_NODE_ID } from '@clientele/core';
import { CUSTOMER_READ, KIND_ADDRESS_BOOK } from '@clientele/contacts';
import { LINE_USE, REQUEST_READ, TICKET_READ } from '../constants.js';

/** A customer's person (a user whose home is inside a customer), as contacts tells them from staff. */
export const isCustomerPerson = (ctx: RequestContext) => !ctx.isMasterAdmin && !!ctx.user?.homeNodeId;

let seq = 0;

export interface TicketVisibility {
  condition: string;
  params: Record<string, unknown>;
  /**
   * For a caller who can only be staff and does not read every address book: the address-book
   * rule, left out of `condition` to be checked on the candidates in list order until a page is
   * full (`ListSpec.checkAfterSort`); a single read adds it to its condition.
   */
  bookCheck?: (idColumn: string) => [string, Record<string, unknown>];
}

const nothing: TicketVisibility = { condition: 'false', params: {} };

/** What the rules need to know of the caller, read in one statement. */
interface Reach {
  /** The areas they hold `helpdesk.ticket.read` on (live ones). */
  areas: string[];
  /** Whether they are connected to a public line. */
  line_user: boolean;
  /** Whether they read the customers of every live address book. */
  every_book: boolean;
  /** Their home's path, for the customer's people. */
  home_path: string[] | null;
}

async function reachOf(access: AccessService, ctx: RequestContext, manager: EntityManager): Promise<Reach> {
  const [area, ap] = access.condition('ra.id', TICKET_READ, ctx);
  const [line, lp] = access.condition('rl.id', LINE_USE, ctx);
  const [book, bp] = access.condition('rb.id', CUSTOMER_READ, ctx);
  // Address books hang below the system: its children are read off the parent index.
  const sql = `SELECT ARRAY(SELECT ra.id FROM helpdesk_areas ra WHERE ${area}) AS areas,
       EXISTS (SELECT 1 FROM helpdesk_areas rl WHERE rl.is_public AND ${line}) AS line_user,
       NOT EXISTS (SELECT 1 FROM scope_nodes rb WHERE rb.parent_id = '${SYSTEM_NODE_ID}' AND rb.kind = '${KIND_ADDRESS_BOOK}'
                    AND rb.disabled_at IS NULL AND NOT ${book}) AS every_book,
       (SELECT rh.path FROM scope_nodes rh WHERE rh.id = :reachHome AND rh.disabled_at IS NULL) AS home_path`;
  const [query, parameters] = manager.connection.driver.escapeQueryWithParameters(sql, {
    ...ap,
    ...lp,
    ...bp,
    reachHome: ctx.user?.homeNodeId ?? null,
  });
  const [row] = await manager.query(query, parameters);
  return row;
}

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
 * What the caller reaches is read first, in one statement, so only the arms they can pass are
 * written, each narrowed by an indexed column (the areas they reach, their customer, their own
 * line requests): a list reads those candidates, not every ticket. Staff who read every address
 * book pass its rule wherever the ticket's node is live (one primary-key probe per row).
 */
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
  const reach = await reachOf(access, ctx, manager);
  const n = ++seq % 1_000_000;
  const params: Record<string, unknown> = { [`tvUser${n}`]: ctx.user.id, [`tvAreas${n}`]: reach.areas };
  const live = `EXISTS (SELECT 1 FROM scope_nodes tv_live WHERE tv_live.id = ${alias}.id AND tv_live.disabled_at IS NULL)`;
  // The areas were found by the exact rule on their live nodes: the ticket's area among them is the area check.
  const staffArm = (book: string) =>
    `(${alias}.area_id = ANY(:tvAreas${n}::uuid[]) AND (${alias}.customer_id IS NULL OR ${book}) AND ${live} AND (${alias}.visible_group_id IS NULL OR EXISTS (SELECT 1 FROM user_group_members vg WHERE vg.group_id = ${alias}.visible_group_id AND vg.user_id = :tvUser${n})))`;
  const bookCheck = (idColumn: string): [string, Record<string, unknown>] => {
    const [book, bp] = access.condition(idColumn, CUSTOMER_READ, ctx);
    return [`((SELECT bc.customer_id FROM helpdesk_tickets bc WHERE bc.id = ${idColumn}) IS NULL OR ${book})`, bp];
  };
  const onlyStaff = !reach.home_path && !reach.line_user;
  if (reach.areas.length && onlyStaff) {
    return reach.every_book
      ? { condition: staffArm('true'), params }
      : { condition: staffArm('true'), params, bookCheck };
  }

  const arms: string[] = [];
  if (reach.areas.length) {
    const [book, bp] = access.condition(`${alias}.id`, CUSTOMER_READ, ctx);
    arms.push(staffArm(reach.every_book ? 'true' : book));
    Object.assign(params, bp);
  }
  if (reach.home_path) {
    const [own, op] = access.condition(`${alias}.id`, REQUEST_READ, ctx);
    // The ticket's customer is the home node or one above it; the node check keeps tickets outside the home's part of the customer out.
    arms.push(
      `(${alias}.customer_id = ANY(:tvHomePath${n}::uuid[]) AND ${own} AND EXISTS (SELECT 1 FROM scope_nodes tv_h WHERE tv_h.id = ${alias}.id AND tv_h.path @> ARRAY[:tvHome${n}]::uuid[]))`,
    );
    Object.assign(params, op, { [`tvHomePath${n}`]: reach.home_path, [`tvHome${n}`]: ctx.user.homeNodeId });
  }
  if (reach.line_user) {
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
