import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { RequestContext } from '@clientele/core';
import { KIND_CONSUMER, KIND_CUSTOMER, KIND_SERVICE } from './constants.js';

export interface Landing { kind: 'service' | 'consumer' | 'customer' | 'list'; id: string | null; path: string }

const pathOf: Record<string, (id: string) => string> = {
  [KIND_SERVICE]: (id) => `/api/services/${id}`,
  [KIND_CONSUMER]: (id) => `/api/consumers/${id}`,
  [KIND_CUSTOMER]: (id) => `/api/customers/${id}`,
};
const at = (kind: Landing['kind'], id: string): Landing => ({ kind, id, path: pathOf[kind](id) });

/**
 * Where a user's setup opens: one service administered → that service; several services of one
 * consumer → that consumer; everything inside one customer → that customer; otherwise the list.
 */
@Injectable()
export class LandingService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async landing(ctx: RequestContext): Promise<Landing> {
    const list: Landing = { kind: 'list', id: null, path: '/api/customers' };
    if (!ctx.user || ctx.isMasterAdmin) return list;
    const nodes: { id: string; kind: string; path: string[] }[] = await this.db.query(
      `SELECT DISTINCT n.id, n.kind, n.path FROM grants g JOIN scope_nodes n ON n.id = g.node_id
        WHERE n.disabled_at IS NULL AND n.kind IN ('customer', 'consumer', 'service')
          AND (g.user_id = $1 OR g.group_id IN (SELECT m.group_id FROM user_group_members m WHERE m.user_id = $1))`,
      [ctx.user.id],
    );
    const staffGrants: { n: number }[] = await this.db.query(
      `SELECT count(*)::int AS n FROM grants g JOIN scope_nodes n ON n.id = g.node_id
        WHERE n.kind IN ('system', 'address_book')
          AND (g.user_id = $1 OR g.group_id IN (SELECT m.group_id FROM user_group_members m WHERE m.user_id = $1))`,
      [ctx.user.id],
    );
    if (staffGrants[0].n > 0) return list;
    if (!nodes.length) {
      const home = ctx.user.homeNodeId;
      return home ? at('customer', home) : list;
    }
    if (nodes.length === 1 && nodes[0].kind === KIND_SERVICE) return at('service', nodes[0].id);
    // path = [system, address book, customer, consumer, service]
    if (nodes.every((n) => n.kind === KIND_SERVICE) && new Set(nodes.map((n) => n.path[3])).size === 1) return at('consumer', nodes[0].path[3]);
    if (nodes.length === 1 && nodes[0].kind === KIND_CONSUMER) return at('consumer', nodes[0].id);
    const customers = new Set(nodes.map((n) => n.path[2]));
    return customers.size === 1 ? at('customer', [...customers][0]) : list;
  }
}
