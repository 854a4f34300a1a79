import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { RequestContext } from '@clientele/core';
import { CustomerStandings } from '../accounts/customer-standings.js';
import { allocateSql, lockAccountsSql } from './allocation-sql.js';

/** Brings customers' books up to date after money moved: free payments paid into open invoices, standings recomputed. */
@Injectable()
export class Ledger {
  constructor(private readonly standings: CustomerStandings) {}

  /** Locks the customers' accounts until the caller's transaction ends (again is free). */
  async lock(manager: EntityManager, customerIds: string[]) {
    if (customerIds.length) await manager.query(lockAccountsSql, [customerIds]);
  }

  /**
   * In the caller's transaction; locks the customers' accounts until it ends. The standings are
   * recomputed for the customers named, unless a statement's import settles them: it adds its
   * payments and the invoices they paid to the standings instead (a hundred thousand customers
   * at once).
   */
  async settle(
    manager: EntityManager,
    customerIds: string[],
    ctx: RequestContext,
    { statementId = null as string | null } = {},
  ) {
    if (!customerIds.length) return;
    await this.lock(manager, customerIds);
    await manager.query(allocateSql, [customerIds, ctx.userId || null, statementId]);
    if (!statementId) await this.standings.refresh(customerIds, manager);
  }
}
