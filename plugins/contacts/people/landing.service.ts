import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { RequestContext } from '@clientele/core';
import {
  CONSUMER_READ,
  CUSTOMER_READ,
  KIND_CONSUMER,
  KIND_CUSTOMER,
  KIND_SERVICE,
  SERVICE_READ,
} from '../constants.js';

export interface Landing {
  /** `services`: several services of one consumer (`path` lists them) or of several (`services` names each). */
  kind: 'service' | 'consumer' | 'customer' | 'services' | 'list';
  id: string | null;
  path: string;
  services?: { id: string; path: string }[];
}

/** A node a grant of the user reaches, with what the grant's role may do there. */
interface GrantedNode {
  id: string;
  kind: string;
  permissions: string[];
}

/** A live consumer or service below granted nodes. */
interface NodeBelow {
  id: string;
  kind: string;
  parentId: string;
}

const servicePath = (id: string) => `/api/services/${id}`;
const LIST: Landing = { kind: 'list', id: null, path: '/api/customers' };
/** More services than a person picks from on arrival: the landing names this many at most. */
const MAX_SERVICES = 50;

/**
 * Where a user's setup opens: the highest record their grants let them read. A customer card
 * for those who may read it; else the consumer; else the service, or the services, they may
 * read — a Caller, who reads services but not the card, lands on their service. Staff with
 * grants on the system or an address book, master admins, and users with nothing to read land
 * on the customer list.
 */
@Injectable()
export class LandingService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async landing(ctx: RequestContext): Promise<Landing> {
    if (!ctx.user || ctx.isMasterAdmin) return LIST;
    const granted = await this.db.query<GrantedNode[]>(
      `SELECT DISTINCT n.id, n.kind, r.permissions FROM grants g JOIN scope_nodes n ON n.id = g.node_id JOIN roles r ON r.id = g.role_id
        WHERE n.disabled_at IS NULL
          AND (g.user_id = $1 OR g.group_id IN (SELECT m.group_id FROM user_group_members m WHERE m.user_id = $1))`,
      [ctx.user.id],
    );
    if (granted.some((g) => g.kind !== KIND_CUSTOMER && g.kind !== KIND_CONSUMER && g.kind !== KIND_SERVICE))
      return LIST;
    const may = (permission: string) => granted.filter((g) => g.permissions.includes(permission));

    const customers = new Set(
      may(CUSTOMER_READ)
        .filter((g) => g.kind === KIND_CUSTOMER)
        .map((g) => g.id),
    );
    if (customers.size) return customers.size === 1 ? at('customer', [...customers][0]) : LIST;

    const consumers = await this.below(may(CONSUMER_READ), KIND_CONSUMER);
    if (consumers.length === 1) return at('consumer', consumers[0].id);
    if (consumers.length) {
      const customersAbove = new Set(consumers.map((c) => c.parentId));
      return customersAbove.size === 1
        ? { kind: 'list', id: null, path: `/api/customers/${consumers[0].parentId}/consumers` }
        : LIST;
    }

    const services = await this.below(may(SERVICE_READ), KIND_SERVICE);
    if (!services.length) return LIST;
    if (services.length === 1) return at('service', services[0].id);
    const listed = services.slice(0, MAX_SERVICES).map((s) => ({ id: s.id, path: servicePath(s.id) }));
    const parents = new Set(services.map((s) => s.parentId));
    const path = parents.size === 1 ? `/api/consumers/${services[0].parentId}/services` : listed[0].path;
    return { kind: 'services', id: null, path, services: listed };
  }

  /** The live nodes of `kind` at or below the granted nodes, in label order. */
  private below(granted: GrantedNode[], kind: string): Promise<NodeBelow[]> {
    if (!granted.length) return Promise.resolve([]);
    return this.db.query<NodeBelow[]>(
      `SELECT n.id, n.kind, n.parent_id AS "parentId" FROM scope_nodes n
        WHERE n.kind = $2 AND n.disabled_at IS NULL AND n.path && $1::uuid[]
        ORDER BY n.label, n.id LIMIT ${MAX_SERVICES + 1}`,
      [granted.map((g) => g.id), kind],
    );
  }
}

const at = (kind: 'service' | 'consumer' | 'customer', id: string): Landing => ({
  kind,
  id,
  path: `/api/${kind}s/${id}`,
});
