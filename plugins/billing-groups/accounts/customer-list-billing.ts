import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AccessService, FilterValue, RequestContext, invalid, isUuid } from '@clientele/core';
import { CustomerListExtensions } from '@clientele/contacts';
import { BILLING_CUSTOMER_READ } from '../constants.js';

type Condition = [string, Record<string, unknown>];

/** Numeric standing fields the customer list filters by, with their columns in billing_standings. */
const NUMERIC: Record<string, string> = {
  balanceMinor: 's.balance_minor',
  scoreTotal: 's.score_total',
  scoreAverage: 's.score_average',
};
const OPERATORS = { gte: '>=', lte: '<=', gt: '>', lt: '<' } as const;

/**
 * The customer list's billing: a `billing` column (group, balance, score, non-payer) and the
 * filters `filter[balanceMinor]`, `filter[scoreTotal]`, `filter[scoreAverage]` (a value or
 * `[gte|lte|gt|lt]`), `filter[nonPayer]` and `filter[billingGroup]`. Both see a customer's
 * billing only where the caller may read it (on the customer or on its billing group).
 */
@Injectable()
export class CustomerListBilling implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: AccessService,
    private readonly extensions: CustomerListExtensions,
  ) {}

  onModuleInit() {
    this.extensions.contribute({
      filters: {
        ...Object.fromEntries(
          Object.entries(NUMERIC).map(([key, column]) => [
            key,
            (value: FilterValue, ctx: RequestContext, param: string) => this.numeric(key, column, value, ctx, param),
          ]),
        ),
        nonPayer: (value, ctx, param) => this.nonPayer(value, ctx, param),
        billingGroup: (value, ctx, param) => this.group(value, ctx, param),
      },
      columns: { billing: (ids, ctx) => this.column(ids, ctx) },
    });
  }

  private async numeric(
    key: string,
    column: string,
    value: FilterValue,
    ctx: RequestContext,
    param: string,
  ): Promise<Condition> {
    const bounds: [string, string][] =
      typeof value === 'string'
        ? [['=', value]]
        : value && typeof value === 'object' && !Array.isArray(value)
          ? Object.entries(value).map(([op, bound]) => [OPERATORS[op as keyof typeof OPERATORS], bound as string])
          : [];
    if (
      !bounds.length ||
      bounds.some(([op, bound]) => !op || typeof bound !== 'string' || !/^-?\d+(\.\d+)?$/.test(bound))
    ) {
      throw invalid(`filter[${key}]`, 'INVALID_FILTER', `filter[${key}] takes a number, or [gte|lte|gt|lt]=number`);
    }
    const tests = bounds.map(([op], i) => `${column} ${op} :${param}_${i}::numeric`).join(' AND ');
    const params = Object.fromEntries(bounds.map(([, bound], i) => [`${param}_${i}`, bound]));
    return this.onStanding(tests, params, ctx);
  }

  private async nonPayer(value: FilterValue, ctx: RequestContext, param: string): Promise<Condition> {
    if (value !== 'true' && value !== 'false')
      throw invalid('filter[nonPayer]', 'INVALID_FILTER', 'filter[nonPayer] must be true or false');
    return this.onStanding(`a.non_payer = :${param}::boolean`, { [param]: value }, ctx);
  }

  private async group(value: FilterValue, ctx: RequestContext, param: string): Promise<Condition> {
    const ids = typeof value === 'string' ? [value] : Array.isArray(value) ? value : [];
    if (!ids.length || !ids.every(isUuid))
      throw invalid('filter[billingGroup]', 'INVALID_ID', 'filter[billingGroup] must be one or more billing group ids');
    return this.onStanding(`a.group_id = ANY(:${param}::uuid[])`, { [param]: ids }, ctx);
  }

  /** The customer's account and standing pass `test`, and the caller may read its billing. */
  private onStanding(test: string, params: Record<string, unknown>, ctx: RequestContext): Condition {
    const [onCustomer, customerParams] = this.access.condition('a.id', BILLING_CUSTOMER_READ, ctx);
    const [onGroup, groupParams] = this.access.condition('a.group_id', BILLING_CUSTOMER_READ, ctx);
    return [
      `EXISTS (SELECT 1 FROM billing_accounts a JOIN billing_standings s ON s.customer_id = a.id
                WHERE a.id = c.id AND ${test} AND ((${onCustomer}) OR (${onGroup})))`,
      { ...params, ...customerParams, ...groupParams },
    ];
  }

  private async column(customerIds: string[], ctx: RequestContext) {
    const params: unknown[] = [customerIds];
    const onCustomer = this.access.filterSql('a.id', BILLING_CUSTOMER_READ, ctx, params);
    const onGroup = this.access.filterSql('a.group_id', BILLING_CUSTOMER_READ, ctx, params);
    const rows: { id: string; billing: Record<string, unknown> }[] = await this.db.query(
      `SELECT a.id, jsonb_build_object('groupId', a.group_id, 'groupName', g.name, 'balanceMinor', COALESCE(s.balance_minor, 0),
              'scoreTotal', COALESCE(s.score_total, 0), 'scoreAverage', s.score_average, 'nonPayer', a.non_payer) AS billing
         FROM billing_accounts a JOIN billing_groups g ON g.id = a.group_id LEFT JOIN billing_standings s ON s.customer_id = a.id
        WHERE a.id = ANY($1::uuid[]) AND ((${onCustomer}) OR (${onGroup}))`,
      params,
    );
    return new Map(rows.map((r) => [r.id, r.billing]));
  }
}
