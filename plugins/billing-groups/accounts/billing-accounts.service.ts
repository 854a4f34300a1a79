import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import {
  AccessService,
  HistoryQueryDto,
  HistoryQueryService,
  ListQueryDto,
  ListSpec,
  RecordService,
  RequestContext,
  SettingsService,
  conflict,
  invalid,
  notFound,
  paginate,
} from '@clientele/core';
import { Customer } from '@clientele/contacts';
import {
  BILLING_ACCOUNT_TYPE,
  BILLING_CUSTOMER_READ,
  BILLING_CUSTOMER_WRITE,
  BILLING_GROUP_READ,
} from '../constants.js';
import { BillingAccount } from '../entities/billing-account.entity.js';
import { BillingAccountRow } from '../entities/billing-account-row.entity.js';
import { PaymentType } from '../entities/payment-type.entity.js';
import type { MoveBillingAccountDto, UpdateBillingAccountDto } from '../dto/billing-account.dto.js';
import { canOnCustomerOrGroup, normalizeSymbol, restrictToCustomerOrGroup } from '../billing-sql.js';
import { BillingGroupsService } from '../groups/billing-groups.service.js';
import { BillingSettings } from '../settings.js';
import { adoptCustomersSql } from './adoption-sql.js';
import { CustomerStandings, type CustomerStanding } from './customer-standings.js';

/**
 * Customers' billing accounts: membership of a billing group and the billing profile. A new
 * customer gets its account in the default group once the customer is created (contacts'
 * event); customers from before the plugin was enabled or from a bulk import are adopted
 * set-based by the statement import, the nightly standings job and any billing call naming them.
 */
@Injectable()
export class BillingAccountsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly records: RecordService,
    private readonly access: AccessService,
    private readonly history: HistoryQueryService,
    private readonly groups: BillingGroupsService,
    private readonly settings: SettingsService,
    private readonly standings: CustomerStandings,
  ) {}

  /** Accounts for customers that have none (those in `ids`, or all); returns how many were made. */
  async adopt(
    ctx: RequestContext,
    ids: string[] | null = null,
    manager: EntityManager = this.db.manager,
  ): Promise<number> {
    const [{ exists }] = await manager.query(
      `SELECT EXISTS (SELECT 1 FROM billing_groups WHERE deleted_at IS NULL) AS exists`,
    );
    if (!exists) return 0;
    const customers = manager
      .getRepository(Customer)
      .createQueryBuilder('c')
      .select('c.id', 'id')
      .addSelect('c.number', 'number')
      .where('c.deletedAt IS NULL')
      .andWhere('($3::uuid[] IS NULL OR c.id = ANY($3::uuid[]))')
      .andWhere('NOT EXISTS (SELECT 1 FROM billing_accounts a WHERE a.id = c.id)')
      .getQuery();
    const [{ adopted }] = await manager.query(adoptCustomersSql(customers), [
      await this.groups.defaultGroup(manager),
      ctx.userId || null,
      ids,
    ]);
    return adopted;
  }

  /** A new customer gets its account in the default group (after the customer's transaction commits). */
  async onCustomerCreated(payload: { id: string }) {
    await this.adopt(RequestContext.system(), [payload.id]);
  }

  /** A batch of imported customers, adopted set-based. */
  async onCustomersImported() {
    await this.adopt(RequestContext.system());
  }

  /** The customer's account, made on first use; 404 when the customer does not exist or is not the caller's. */
  async account(
    ctx: RequestContext,
    customerId: string,
    permission = BILLING_CUSTOMER_READ,
    manager: EntityManager = this.db.manager,
  ) {
    let account = await manager.findOne(BillingAccount, { where: { id: customerId } });
    if (!account) {
      await this.adopt(RequestContext.system(), [customerId], manager);
      account = await manager.findOne(BillingAccount, { where: { id: customerId } });
    }
    if (
      !account ||
      !(await canOnCustomerOrGroup(this.access, ctx, permission, { customerId, groupId: account.groupId }, manager))
    ) {
      throw notFound('Customer');
    }
    return account;
  }

  async get(ctx: RequestContext, customerId: string) {
    return (await this.present([await this.account(ctx, customerId)]))[0];
  }

  async list(ctx: RequestContext, query: ListQueryDto) {
    const qb = this.db.getRepository(BillingAccountRow).createQueryBuilder('a').where('a.disabled_at IS NULL');
    restrictToCustomerOrGroup(qb, this.access, ctx, BILLING_CUSTOMER_READ, 'a.id', 'a.group_id');
    const page = await paginate(qb, query, accountListSpec);
    const accounts = await this.db.getRepository(BillingAccount).findBy({ id: In(page.items.map((a) => a.id)) });
    const byId = new Map(accounts.map((a) => [a.id, a]));
    return { ...page, items: await this.present(page.items.map((a) => byId.get(a.id)!)) };
  }

  async update(ctx: RequestContext, customerId: string, dto: UpdateBillingAccountDto) {
    const account = await this.account(ctx, customerId);
    if (
      !(await canOnCustomerOrGroup(this.access, ctx, BILLING_CUSTOMER_WRITE, { customerId, groupId: account.groupId }))
    ) {
      throw notFound('Customer');
    }
    const { version, extraVariableSymbols, ...fields } = dto;
    if (
      fields.paymentTypeId &&
      !(await this.db.getRepository(PaymentType).exists({ where: { id: fields.paymentTypeId } }))
    ) {
      throw invalid('paymentTypeId', 'UNKNOWN_PAYMENT_TYPE', 'No such payment type');
    }
    const symbols =
      extraVariableSymbols === undefined
        ? undefined
        : [
            ...new Set(
              extraVariableSymbols.map((s, i) => {
                return (
                  normalizeSymbol(s) ??
                  refuse(
                    `extraVariableSymbols[${i}]`,
                    'INVALID_SYMBOL',
                    'A variable symbol is 1 to 10 digits, not all zeros',
                  )
                );
              }),
            ),
          ];
    const saved = await this.db.transaction(async (m) => {
      const record = await this.records.update(
        BillingAccount,
        customerId,
        version,
        (a) => {
          Object.assign(a, fields);
          if (symbols) a.extraVariableSymbols = symbols;
        },
        ctx,
        m,
      );
      if (symbols) await this.replaceExtraSymbols(m, customerId, symbols);
      return record;
    });
    return (await this.present([saved]))[0];
  }

  /** Moves the customer to another billing group; the move is in the account's history. */
  async move(ctx: RequestContext, customerId: string, dto: MoveBillingAccountDto) {
    const account = await this.account(ctx, customerId);
    if (
      !(await canOnCustomerOrGroup(this.access, ctx, BILLING_CUSTOMER_WRITE, { customerId, groupId: account.groupId }))
    )
      throw notFound('Customer');
    const target = await this.groups
      .get(ctx, dto.groupId)
      .catch(() => refuse('groupId', 'UNKNOWN_BILLING_GROUP', 'No such billing group'));
    await this.access.require(ctx, BILLING_CUSTOMER_WRITE, target.id, BILLING_GROUP_READ);
    const saved = await this.records.update(BillingAccount, customerId, dto.version, { groupId: target.id }, ctx);
    return (await this.present([saved]))[0];
  }

  async historyOf(ctx: RequestContext, customerId: string, query: HistoryQueryDto) {
    await this.account(ctx, customerId);
    return this.history.forRecord(ctx, BILLING_ACCOUNT_TYPE, customerId, query);
  }

  /** The customer's billing for templates; null for a caller who may not read it (the customer's own variables still render). */
  async templateValues(customerId: string, ctx: RequestContext) {
    const account = await this.account(ctx, customerId).catch(() => null);
    if (!account) return { billing: null };
    const [view] = await this.present([account]);
    return { billing: billingValues(view) };
  }

  /** `templateValues` for many customers at once (bulk sends): one statement for the accounts the caller may read, one for their figures. */
  async manyTemplateValues(customerIds: string[], ctx: RequestContext) {
    await this.adopt(RequestContext.system(), customerIds);
    const qb = this.db.getRepository(BillingAccount).createQueryBuilder('a').where('a.id = ANY(:ids::uuid[])', {
      ids: customerIds,
    });
    restrictToCustomerOrGroup(qb, this.access, ctx, BILLING_CUSTOMER_READ, 'a.id', 'a.group_id');
    const views = new Map((await this.present(await qb.getMany())).map((view) => [view.id, billingValues(view)]));
    return new Map(customerIds.map((id) => [id, { billing: views.get(id) ?? null }]));
  }

  /** The scheduled refresh: adopts customers still without an account, then recomputes every standing. */
  async refreshAll() {
    await this.adopt(RequestContext.system());
    await this.db.transaction(async (m) => {
      // Grouping every customer's invoices and payments at once: in memory it takes half the time of batches spilled to disk.
      await m.query(`SET LOCAL work_mem = '256MB'`);
      // Writers that add to standings wait meanwhile, so none of their additions is computed over with older figures.
      await m.query(`LOCK TABLE billing_standings IN SHARE ROW EXCLUSIVE MODE`);
      await this.standings.refresh(null, m);
    });
  }

  /** The days an invoice of this customer is due in. */
  async dueDays(account: BillingAccount) {
    return account.dueDays ?? (await this.settings.get(BillingSettings)).invoiceDueDays;
  }

  private async replaceExtraSymbols(m: EntityManager, customerId: string, symbols: string[]) {
    await m.query(`DELETE FROM billing_variable_symbols WHERE customer_id = $1 AND extra`, [customerId]);
    const taken: { symbol: string }[] = await m.query(
      `INSERT INTO billing_variable_symbols (symbol, customer_id, extra) SELECT unnest($2::text[]), $1, true
       ON CONFLICT (symbol) DO NOTHING RETURNING symbol`,
      [customerId, symbols],
    );
    const clash = symbols.find((s) => !taken.some((t) => t.symbol === s));
    if (clash)
      throw conflict(
        'SYMBOL_TAKEN',
        `The variable symbol ${clash} already names another customer`,
        'extraVariableSymbols',
      );
  }

  private async present(accounts: BillingAccount[]) {
    if (!accounts.length) return [];
    const ids = accounts.map((a) => a.id);
    const [standings, extras]: [
      CustomerStanding[],
      { id: string; name: string; group_name: string; payment_type: string | null }[],
    ] = await Promise.all([
      this.standings.read(ids),
      this.db.query(
        `SELECT a.id, n.label AS name, g.name AS group_name, t.name AS payment_type
           FROM billing_accounts a JOIN scope_nodes n ON n.id = a.id JOIN billing_groups g ON g.id = a.group_id
           LEFT JOIN billing_payment_types t ON t.id = a.payment_type_id WHERE a.id = ANY($1::uuid[])`,
        [ids],
      ),
    ]);
    const settings = await this.settings.get(BillingSettings);
    const standingOf = new Map(standings.map((s) => [s.customerId, s]));
    const extraOf = new Map(extras.map((e) => [e.id, e]));
    return accounts.map((a) => {
      const { customerId: _id, nonPayer: _nonPayer, ...standing } = standingOf.get(a.id)!;
      const extra = extraOf.get(a.id)!;
      return {
        ...a,
        customerId: a.id,
        customerName: extra.name,
        groupName: extra.group_name,
        paymentTypeName: extra.payment_type,
        effectiveDueDays: a.dueDays ?? settings.invoiceDueDays,
        effectiveSuspendAfterDays: a.suspendAfterDays ?? settings.suspendAfterDays,
        ...standing,
      };
    });
  }
}

const accountListSpec: ListSpec = {
  sorts: {
    name: { column: 'a.customer_name', value: (a: BillingAccountRow) => a.customerName, type: 'text' },
    customerNumber: { column: 'a.customer_number', value: (a: BillingAccountRow) => a.customerNumber, type: 'text' },
    balanceMinor: { column: 'a.balance_minor', value: (a: BillingAccountRow) => a.balanceMinor, type: 'bigint' },
    scoreTotal: { column: 'a.score_total', value: (a: BillingAccountRow) => a.scoreTotal, type: 'bigint' },
  },
  defaultSort: 'name',
  idColumn: 'a.id',
  filters: {
    id: { column: 'a.id', type: 'uuid' },
    groupId: { column: 'a.group_id', type: 'uuid' },
    nonPayer: { column: 'a.non_payer', type: 'boolean' },
    neverSuspend: { column: 'a.never_suspend', type: 'boolean' },
    balanceMinor: { column: 'a.balance_minor', type: 'numeric' },
    scoreTotal: { column: 'a.score_total', type: 'numeric' },
    scoreAverage: { column: 'a.score_average', type: 'numeric' },
  },
};

function refuse(field: string, code: string, message: string): never {
  throw invalid(field, code, message);
}

const billingValues = (view: Awaited<ReturnType<BillingAccountsService['present']>>[number]) => ({
  group: view.groupName,
  balanceMinor: view.balanceMinor,
  scoreTotal: view.scoreTotal,
  scoreAverage: view.scoreAverage,
  nonPayer: view.nonPayer,
  variableSymbol: view.customerNumber.replace(/^0+/, ''),
});
