import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { EventBus, RequestContext, SettingsService } from '@clientele/core';
import { CustomerSuspension, type SuspendedCustomer } from '@clientele/contacts';
import { BILLING_CUSTOMER_READ } from '../constants.js';
import { CustomerRestored, CustomerSuspended } from '../events.js';
import { BillingSettings } from '../settings.js';
import { BillingAccountsService } from '../accounts/billing-accounts.service.js';
import { clearNonPayersSql, markNonPayersSql, rememberSuspensionSql, suspensionPreviewSql } from './suspension-sql.js';

export interface SuspensionRun {
  suspended: number;
  restored: number;
}

/** Serialises runs (the schedule, a run from the CLI, a run from the admin UI) beyond the scheduler's slot claim. */
const RUN_LOCK = `SELECT pg_advisory_xact_lock(hashtext('billing.suspension'))`;

/**
 * Suspension of non-payers: customers whose oldest unpaid invoice is more than N days overdue
 * and who owe more than the minimum turn non-payers (contacts: state `non_payer`, services
 * suspended); those who paid come back. All set-based, in one transaction, with history and
 * an event per customer (published together in the same transaction, delivered after it commits).
 */
@Injectable()
export class SuspensionService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly settings: SettingsService,
    private readonly contacts: CustomerSuspension,
    private readonly accounts: BillingAccountsService,
    private readonly events: EventBus,
  ) {}

  /** Who would be suspended now (the first `limit`, longest overdue first) and how many in all. */
  async preview(limit = 100) {
    const settings = await this.settings.get(BillingSettings);
    await this.accounts.adopt(RequestContext.system());
    const rows: ({ total: number } & Record<string, unknown>)[] = await this.db.query(suspensionPreviewSql, [
      settings.suspendAfterDays,
      settings.suspendMinimumMinor,
      limit,
    ]);
    return {
      enabled: settings.suspendNonPayers,
      total: rows[0]?.total ?? 0,
      // `id` is the customer's (and its billing account's), for links.
      items: rows.map(({ total: _total, ...row }) => ({ id: row.customerId, ...row })),
    };
  }

  /** The scheduled job; with the switch off it only restores those who paid. */
  async run(ctx: RequestContext = RequestContext.system()): Promise<SuspensionRun> {
    const settings = await this.settings.get(BillingSettings);
    const actor = ctx.userId || null;
    return this.db.transaction(async (m) => {
      await m.query(RUN_LOCK);
      const params = [settings.suspendAfterDays, settings.suspendMinimumMinor, actor];
      const marked: Row[] = settings.suspendNonPayers ? await m.query(markNonPayersSql, params) : [];
      const changed = await this.contacts.suspend(
        m,
        marked.map((r) => r.id),
        actor,
      );
      await m.query(rememberSuspensionSql, [
        changed.map((c) => c.customerId),
        changed.map((c) => c.previousStateId),
        changed.map((c) => `{${c.serviceIds.join(',')}}`),
      ]);
      const cleared: ClearedRow[] = await m.query(clearNonPayersSql, params);
      await this.contacts.restore(
        m,
        cleared.map((r): SuspendedCustomer => ({
          customerId: r.id,
          previousStateId: r.state_before_suspension,
          serviceIds: r.suspended_service_ids,
        })),
        actor,
      );
      await this.publish(m, CustomerSuspended, marked, ctx);
      await this.publish(m, CustomerRestored, cleared, ctx);
      return { suspended: marked.length, restored: cleared.length };
    });
  }

  /** One event per customer, written to the outbox in one statement (9,000 one at a time took seconds). */
  private async publish(
    m: EntityManager,
    event: typeof CustomerSuspended | typeof CustomerRestored,
    rows: Row[],
    ctx: RequestContext,
  ) {
    await this.events.publishMany(
      m,
      rows.map(
        (row) =>
          new event(
            { customerId: row.id, customerNumber: row.customer_number, owedMinor: row.owed },
            { nodeId: row.id, permission: BILLING_CUSTOMER_READ },
            { type: 'billing_account', id: row.id },
          ),
      ),
      ctx,
    );
  }
}

interface Row {
  id: string;
  customer_number: string;
  owed: number;
}

interface ClearedRow extends Row {
  state_before_suspension: string | null;
  suspended_service_ids: string[];
}
