import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { RequestContext } from '@clientele/core';
import { BillingAccountsService } from '../accounts/billing-accounts.service.js';
import { allocateSql, lockAccountsSql } from './allocation-sql.js';

/** Brings customers' books up to date after money moved: free payments paid into open invoices, standings recomputed. */
@Injectable()
export class Ledger {
  constructor(private readonly accounts: BillingAccountsService) {}

  /** In the caller's transaction; locks the customers' accounts until it ends. */
  async settle(manager: EntityManager, customerIds: string[], ctx: RequestContext) {
    if (!customerIds.length) return;
    await manager.query(lockAccountsSql, [customerIds]);
    await manager.query(allocateSql, [customerIds, ctx.userId || null]);
    await this.accounts.refreshStandings(customerIds, manager);
  }
}
