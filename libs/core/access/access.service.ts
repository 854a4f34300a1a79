import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { forbidden, notFound } from '../errors/app-error.js';
import type { RequestContext } from '../auth/request-context.js';
import {
  canSql,
  effectivePermissionsSql,
  explainSql,
  holdsAnywhereSql,
  liveNodeSql,
  reachSql,
  visibleAmongSql,
  visibleSql,
  grantsSummarySql,
  permissionsHeldAnywhereSql,
} from './access-sql.js';
import { preparedQuery } from './prepared.js';

export { preparedQuery } from './prepared.js';

let parameterSeq = 0;

/** The nodes that parent the rows of a list, when they are few (every address book, for customers). */
export interface ParentScope {
  /** SQL selecting the id of every node that may parent a listed row. */
  nodes: string;
}

type Reached = { nodes: string[]; parents: string[]; finer: string[] };

export interface ParentOptions {
  /**
   * False when the list's own index already narrows by parent (e.g. keys that carry it): the
   * parent test is then written so no index can serve it — otherwise the planner, taking the
   * two for independent, intersects that index with every row of the parents — and it costs
   * next to nothing per row.
   */
  parentIndexed?: boolean;
}

/**
 * A user's reach for one permission, resolved once per request (`AccessService.reach`). Its
 * condition narrows a list by the rows' parent column — which an index can serve together with
 * the search — and keeps the exact per-row check on the rows that pass.
 */
export class AccessReach {
  constructor(private readonly reached: Reached | 'all' | null) {}

  /**
   * Rows whose node is `nodeColumn` and whose node's parent is `parentColumn` (rows must be
   * direct children of the parent nodes, e.g. customers of address books).
   */
  condition(nodeColumn: string, parentColumn: string, options?: ParentOptions): [string, Record<string, unknown>] {
    return this.build(nodeColumn, parentColumn, true, options);
  }

  /**
   * `condition` without its per-row check: the rows the narrowing lets through (nearly all of
   * them pass the check). Not an access rule on its own — for a list's estimate of its total,
   * since the planner cannot see through the check (it guesses 1 % of the narrowed rows), and
   * for a list that runs `check` itself on the rows it keeps (`ListSpec.checkAfterSort`).
   */
  narrowing(nodeColumn: string, parentColumn: string, options?: ParentOptions): [string, Record<string, unknown>] {
    return this.build(nodeColumn, parentColumn, false, options);
  }

  /** The exact per-row check of `condition` alone, for rows already narrowed. */
  check(nodeColumn: string): [string, Record<string, unknown>] {
    if (this.reached === 'all') return [liveNodeSql(nodeColumn), {}];
    if (!this.reached?.nodes.length) return ['false', {}];
    const param = `aclNodes${++parameterSeq % 1_000_000}`;
    return [visibleAmongSql(nodeColumn, `:${param}::uuid[]`), { [param]: this.reached.nodes }];
  }

  /**
   * What the narrowing consists of: the parents whose children the caller may see (all of them,
   * or nearly: the per-row check still decides) and the rows reached one by one; `'all'` when
   * nothing narrows. For a list with an index keyed by the parent itself.
   */
  scope(): { parents: readonly string[]; finer: readonly string[] } | 'all' {
    if (this.reached === 'all') return 'all';
    return { parents: this.reached?.parents ?? [], finer: this.reached?.finer ?? [] };
  }

  private build(
    nodeColumn: string,
    parentColumn: string,
    checked: boolean,
    { parentIndexed = true }: ParentOptions = {},
  ): [string, Record<string, unknown>] {
    if (this.reached === 'all') return checked ? this.check(nodeColumn) : ['TRUE', {}];
    if (!this.reached?.nodes.length) return ['false', {}];
    const { parents, finer } = this.reached;
    const seq = ++parameterSeq % 1_000_000;
    const arms = [
      ...(parents.length
        ? [
            parentIndexed
              ? `${parentColumn} = ANY(:aclParents${seq}::uuid[])`
              : `(${parentColumn} = ANY(:aclParents${seq}::uuid[])) IS TRUE`,
          ]
        : []),
      ...(finer.length ? [`${nodeColumn} = ANY(:aclFiner${seq}::uuid[])`] : []),
    ];
    const narrowed: [string, Record<string, unknown>] = [
      `(${arms.join(' OR ') || 'false'})`,
      { [`aclParents${seq}`]: parents, [`aclFiner${seq}`]: finer },
    ];
    if (!checked) return narrowed;
    const [exact, params] = this.check(nodeColumn);
    return [`${narrowed[0]} AND ${exact}`, { ...narrowed[1], ...params }];
  }
}

@Injectable()
export class AccessService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Does the user hold `permission` on `nodeId` or on any node above it? Master admins always do. */
  async can(ctx: RequestContext, permission: string, nodeId: string, manager?: EntityManager): Promise<boolean> {
    if (!ctx.user) return false;
    if (ctx.isMasterAdmin) return true;
    const values = [nodeId, ctx.user.id, permission];
    if (manager) return (await manager.query(canSql, values))[0].allowed;
    // Outside a transaction: a named statement, so each pooled connection plans the check once, not per call.
    return (await preparedQuery(this.db, canSql, values))[0].allowed;
  }

  /** Does the user hold `permission` on at least one live node? Master admins always do. */
  async holdsAnywhere(ctx: RequestContext, permission: string): Promise<boolean> {
    if (!ctx.user) return false;
    if (ctx.isMasterAdmin) return true;
    return (await preparedQuery(this.db, holdsAnywhereSql, [ctx.user.id, permission]))[0].held;
  }

  /**
   * Allows the action or throws: 403 when the user may at least read the record (so its
   * existence is no secret to them), 404 when they may not even see it.
   */
  async require(
    ctx: RequestContext,
    permission: string,
    nodeId: string,
    readPermission?: string,
    manager?: EntityManager,
  ) {
    if (await this.can(ctx, permission, nodeId, manager)) return;
    if (readPermission && readPermission !== permission && (await this.can(ctx, readPermission, nodeId, manager)))
      throw forbidden();
    throw notFound();
  }

  async permissionsAt(ctx: RequestContext, nodeId: string): Promise<string[] | '*'> {
    if (ctx.isMasterAdmin) return '*';
    if (!ctx.user) return [];
    const rows = await this.db.query(effectivePermissionsSql, [nodeId, ctx.user.id]);
    return rows.map((r: { permission: string }) => r.permission);
  }

  /**
   * Restricts a query to rows whose scope node (`nodeColumn`, e.g. `c.id` or `n.nodeId`) the
   * user reaches with `permission`. Done in SQL, so paging and totals stay right.
   */
  restrict<T extends ObjectLiteral>(
    qb: SelectQueryBuilder<T>,
    nodeColumn: string,
    permission: string,
    ctx: RequestContext,
    options: { includeDisabled?: boolean } = {},
  ): SelectQueryBuilder<T> {
    const [condition, params] = this.condition(nodeColumn, permission, ctx, options);
    return condition === 'true' ? qb : qb.andWhere(condition, params);
  }

  /** The access condition with named parameters, for composing into a larger WHERE. */
  condition(
    nodeColumn: string,
    permission: string,
    ctx: RequestContext,
    options: { includeDisabled?: boolean } = {},
  ): [string, Record<string, unknown>] {
    if (!ctx.user) return ['false', {}];
    if (ctx.isMasterAdmin) return [options.includeDisabled ? 'true' : liveNodeSql(nodeColumn), {}];
    const seq = ++parameterSeq % 1_000_000;
    return [
      visibleSql(nodeColumn, `:aclUser${seq}`, `:aclPerm${seq}`, options.includeDisabled),
      { [`aclUser${seq}`]: ctx.user.id, [`aclPerm${seq}`]: permission },
    ];
  }

  /**
   * Resolves, in one statement, where the user holds `permission`: for lists whose rows hang
   * directly below a short list of parent nodes, so the list can narrow by its parent column
   * (see `AccessReach.condition` and docs/access.md).
   */
  async reach(ctx: RequestContext, permission: string, parents: ParentScope): Promise<AccessReach> {
    if (!ctx.user) return new AccessReach(null);
    if (ctx.isMasterAdmin) return new AccessReach('all');
    const [row] = await preparedQuery<Reached>(this.db, reachSql(parents.nodes), [ctx.user.id, permission]);
    return new AccessReach(row);
  }

  /** The same filter for hand-written SQL: returns the condition and appends its parameters. */
  filterSql(
    nodeExpr: string,
    permission: string,
    ctx: RequestContext,
    params: unknown[],
    options: { includeDisabled?: boolean } = {},
  ): string {
    if (!ctx.user) return 'false';
    if (ctx.isMasterAdmin) return options.includeDisabled ? 'true' : liveNodeSql(nodeExpr);
    params.push(ctx.user.id, permission);
    return visibleSql(nodeExpr, `$${params.length - 1}::uuid`, `$${params.length}::text`, options.includeDisabled);
  }

  /** The user's own grants, for `GET /api/me`. */
  async grantsSummary(ctx: RequestContext) {
    if (!ctx.user) return [];
    return this.db.query(grantsSummarySql, [ctx.user.id]);
  }

  /** 404 unless `nodeId` is a live node: for records placed on a node the request names, where even a master admin needs one that exists. */
  async requireLiveNode(nodeId: string, manager?: EntityManager) {
    const [{ live }] = await (manager ?? this.db).query<{ live: boolean }[]>(
      `SELECT ${liveNodeSql('$1::uuid')} AS live`,
      [nodeId],
    );
    if (!live) throw notFound();
  }

  /** Permissions the user holds on at least one live node (`'*'` for master admins): what an interface may offer them at all. */
  async permissionsHeldAnywhere(ctx: RequestContext): Promise<Set<string> | '*'> {
    if (ctx.isMasterAdmin) return '*';
    if (!ctx.user) return new Set();
    const rows = await this.db.query<{ permission: string }[]>(permissionsHeldAnywhereSql, [ctx.user.id]);
    return new Set(rows.map((r) => r.permission));
  }

  async explain(userId: string, permission: string, nodeId: string) {
    const [user] = await this.db.query(
      `SELECT id, email, display_name, is_master_admin, is_active FROM users WHERE id = $1`,
      [userId],
    );
    if (!user) throw notFound('User');
    const [node] = await this.db.query(`SELECT id, kind, label, disabled_at FROM scope_nodes WHERE id = $1`, [nodeId]);
    if (!node) throw notFound('Node');
    const grants = await this.db.query(explainSql, [nodeId, userId, permission]);
    const live = node.disabled_at === null && user.is_active;
    const allowed = live && (user.is_master_admin || grants.length > 0);
    return {
      allowed,
      user: {
        id: user.id,
        email: user.email,
        displayName: user.display_name,
        isMasterAdmin: user.is_master_admin,
        isActive: user.is_active,
      },
      node: { id: node.id, kind: node.kind, label: node.label, disabled: node.disabled_at !== null },
      permission,
      reason: !user.is_active
        ? 'The user is deactivated'
        : node.disabled_at
          ? 'The record (or one above it) is deleted'
          : user.is_master_admin
            ? 'Master admins pass every check'
            : grants.length
              ? 'Granted'
              : 'No grant on this node or above carries the permission',
      grants: grants.map((g: any) => ({
        grantId: g.grant_id,
        role: { id: g.role_id, code: g.role_code, name: g.role_name },
        node: { id: g.node_id, kind: g.node_kind, label: g.node_label },
        via: g.group_id ? { group: { id: g.group_id, name: g.group_name } } : 'direct',
      })),
    };
  }
}
