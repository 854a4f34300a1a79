import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AccessService, FilterValue, RequestContext, invalid, isUuid, preparedQuery } from '@clientele/core';
import { CustomerListExtensions } from '@clientele/contacts';
import { GROUP_READ } from '../constants.js';
import { OperatorCalendar } from '../calendar.js';
import { customerGroupsColumnSql, inGroupsSql } from './groups-sql.js';

/**
 * The customer list's "Groups" column and `filter[group]=<id>` (repeat for any of several):
 * customers in the group today, in the operator's calendar. Both show only groups the caller
 * may see; a group they may not see is refused like one that does not exist.
 */
@Injectable()
export class CustomerListGroups implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: AccessService,
    private readonly calendar: OperatorCalendar,
    private readonly extensions: CustomerListExtensions,
  ) {}

  onModuleInit() {
    this.extensions.contribute({
      filters: { group: (value, ctx, param) => this.filter(value, ctx, param) },
      // A group holding a tenth of the customers matches one in a hundred of a staff user's: counting 1,000 exactly walks 100,000.
      // Counted exactly only as far as a first page, so the count walks no further than the page does.
      exactTotalLimit: 50,
      columns: { groups: (ids, ctx) => this.column(ids, ctx) },
    });
  }

  private async filter(
    value: FilterValue,
    ctx: RequestContext,
    param: string,
  ): Promise<[string, Record<string, unknown>]> {
    const ids = typeof value === 'string' ? [value] : Array.isArray(value) ? value : [];
    if (!ids.length || !ids.every(isUuid))
      throw invalid('filter[group]', 'INVALID_ID', 'filter[group] must be one or more group ids');
    for (const id of ids) {
      if (!(await this.access.can(ctx, GROUP_READ, id)))
        throw invalid('filter[group]', 'UNKNOWN_GROUP', 'No such customer group');
    }
    return [
      inGroupsSql('c.id', `:${param}`, `:${param}_day`),
      { [param]: ids, [`${param}_day`]: await this.calendar.today() },
    ];
  }

  private async column(customerIds: string[], ctx: RequestContext) {
    const params: unknown[] = [customerIds, await this.calendar.today()];
    const visible = this.access.filterSql('g.id', GROUP_READ, ctx, params);
    // Prepared: asked with every page of the customer list, its text fixed for every caller alike.
    const rows = await preparedQuery<{
      customer_id: string;
      id: string;
      code: string;
      name: string;
      colour: string | null;
    }>(this.db, customerGroupsColumnSql(visible), params);
    const byCustomer = new Map<string, { id: string; code: string; name: string; colour: string | null }[]>();
    for (const { customer_id, ...group } of rows) {
      const list = byCustomer.get(customer_id) ?? [];
      list.push(group);
      byCustomer.set(customer_id, list);
    }
    return new Map(customerIds.map((id) => [id, byCustomer.get(id) ?? []]));
  }
}
