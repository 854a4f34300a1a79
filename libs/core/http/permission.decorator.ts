import { SetMetadata } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { SYSTEM_NODE_ID } from '../access/constants.js';
import type { RequestContext } from '../auth/request-context.js';
import { auditableOptions } from '../records/auditable.js';
import { isScopedRecord } from '../records/scoped-records.js';

export const ROUTE_PERMISSION = 'clientele:route-permission';

/** Where a request names a value: a path parameter by its name, or a query parameter or body field. */
export type RequestValue = string | { query: string } | { body: string };

/** What a locator reads from the request being checked. */
export interface CheckedRequest {
  params?: Record<string, unknown>;
  query?: Record<string, unknown>;
  body?: unknown;
}

/** Finds the scope node a request acts on, so the permission is checked there. */
export interface NodeLocator {
  /** For the OpenAPI document, e.g. "on the customer or above". */
  readonly where: string;
  /**
   * The permission that lets a caller see the record: a caller lacking the route's permission
   * but holding this one is told 403; everyone else 404, as if the record were not there.
   */
  readonly seenWith?: string;
  /** The node is no secret to anyone (the system): lacking the permission there answers 403. */
  readonly known?: boolean;
  /**
   * The node's id; `null` when the record is not there (or is private to someone else): 404;
   * `undefined` when the request names no well-formed id, which validation answers with its 400 —
   * the guard then checks the permission anywhere.
   */
  resolve(request: CheckedRequest, ctx: RequestContext, db: DataSource): Promise<string | null | undefined>;
}

export interface PermissionRule {
  /** The node to check on. Without it the caller must hold the permission somewhere (collection routes, and routes whose node the service finds). */
  node?: NodeLocator;
  /** A second permission that also lets the request through, the service then deciding between the two (e.g. the author of a note). */
  or?: string;
  /** The route acting on the caller's own account (this value is their user id) needs no permission. */
  self?: RequestValue;
  /** For the OpenAPI document, when the locator's own description does not say it all. */
  where?: string;
}

export interface RoutePermission {
  permission: string;
  where: string;
  rule: PermissionRule;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The named value when it is a well-formed UUID; anything else is validation's to refuse. */
export function requestedId(request: CheckedRequest, from: RequestValue): string | undefined {
  const value =
    typeof from === 'string'
      ? request.params?.[from]
      : 'query' in from
        ? request.query?.[from.query]
        : (request.body as Record<string, unknown> | undefined)?.[from.body];
  return typeof value === 'string' && UUID.test(value) ? value : undefined;
}

const isLocator = (value: unknown): value is NodeLocator => typeof (value as NodeLocator)?.resolve === 'function';

/**
 * The permission a route needs, enforced by `PermissionGuard` before the handler runs and shown
 * in the OpenAPI document as `x-permission`. With a node (`NodeOf(Customer)`, `NodeIn(...)`,
 * `OnSystem()`) the caller needs it on that node or above — 404 when they may not see the
 * record, 403 when they may see it but not do this; without one, somewhere in the tree, the
 * list being restricted in SQL. Services keep the checks that need what only they know.
 */
export const Permission = (permission: string, rule: string | NodeLocator | PermissionRule = {}) => {
  const normalised: PermissionRule =
    typeof rule === 'string' ? { where: rule } : isLocator(rule) ? { node: rule } : rule;
  const where =
    normalised.where ?? normalised.node?.where ?? 'on some node (a list shows only what the caller may see)';
  return SetMetadata(ROUTE_PERMISSION, { permission, where, rule: normalised } satisfies RoutePermission);
};

interface LocatorOptions {
  /** Where the request names the record: the path parameter `id` unless told. */
  from?: RequestValue;
  seenWith?: string;
  where?: string;
}

const describeValue = (from: RequestValue) =>
  typeof from === 'string' ? from : 'query' in from ? from.query : from.body;

/**
 * The node of the `@Auditable` record the request names (its `node` option), read with one
 * lookup by primary key; a record private to someone else is not there for the caller. A
 * `@ScopedRecord` owns the node with its own id, so its id is taken as it is: a record that is
 * not there, or is deleted, has no live node and is answered 404 by the check itself.
 */
export function NodeOf(entity: Function, options: LocatorOptions = {}): NodeLocator {
  const auditable = auditableOptions(entity);
  const from = options.from ?? 'id';
  const ownsNode = isScopedRecord(entity);
  return {
    where: options.where ?? `on the ${auditable.type.replace(/_/g, ' ')} or above`,
    seenWith: options.seenWith,
    async resolve(request, ctx, db) {
      const id = requestedId(request, from);
      if (!id || ownsNode) return id;
      const record = await db.getRepository(entity).findOne({ where: { id } });
      if (!record) return null;
      const owner = auditable.privateTo?.(record);
      if (owner && owner !== ctx.userId) return null;
      return auditable.node(record);
    },
  };
}

/** The request names a scope node itself (a note's `nodeId`, the record an alert list is opened on). */
export function NodeIn(from: RequestValue, options: Omit<LocatorOptions, 'from'> = {}): NodeLocator {
  return {
    where: options.where ?? `on the node \`${describeValue(from)}\` names, or above`,
    seenWith: options.seenWith,
    resolve: async (request) => requestedId(request, from),
  };
}

/** System-wide settings and lists: the permission on the root of the tree. */
export function OnSystem(options: Pick<LocatorOptions, 'where'> = {}): NodeLocator {
  return { where: options.where ?? 'on the system', known: true, resolve: async () => SYSTEM_NODE_ID };
}
