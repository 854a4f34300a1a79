import { Injectable } from '@nestjs/common';
import type { FilterSpec, FilterValue, RequestContext } from '@clientele/core';

/** A contributed filter: the SQL condition on the customer's id `c.id` for the value asked, with its parameters (named from `param`). */
export type CustomerListFilter = (
  value: FilterValue,
  ctx: RequestContext,
  param: string,
) => Promise<[string, Record<string, unknown>]>;

/**
 * What another plugin adds to the customer list (`GET /api/customers`), registered when its
 * module starts (e.g. customer groups: a `group` filter and a `groups` column).
 */
export interface CustomerListContribution {
  /**
   * `filter[<key>]` → its condition, made for each request that uses the key (so it can check
   * the caller's rights to the value and read settings). The SQL tests the customer's id,
   * `c.id`, against the contributing plugin's own tables, through an index of its own.
   */
  filters?: Record<string, CustomerListFilter>;
  /**
   * The most matches a list using one of these filters counts exactly before it estimates its
   * total (the list's own cap otherwise): a selective filter passes few of the rows it walks,
   * so an exact count of many matches reads many more rows than the page.
   */
  exactTotalLimit?: number;
  /** A field added to every row, loaded for a page's customers at once (customer id → value; missing ids get null). */
  columns?: Record<string, (customerIds: string[], ctx: RequestContext) => Promise<Map<string, unknown>>>;
}

@Injectable()
export class CustomerListExtensions {
  private readonly filters = new Map<string, CustomerListFilter>();
  private readonly caps = new Map<string, number>();
  private readonly columns = new Map<
    string,
    (customerIds: string[], ctx: RequestContext) => Promise<Map<string, unknown>>
  >();

  contribute(contribution: CustomerListContribution) {
    for (const [key, filter] of Object.entries(contribution.filters ?? {})) {
      this.claim(this.filters, key, filter);
      if (contribution.exactTotalLimit !== undefined) this.caps.set(key, contribution.exactTotalLimit);
    }
    for (const [key, column] of Object.entries(contribution.columns ?? {})) this.claim(this.columns, key, column);
  }

  /** The contributed filters the query uses, their conditions made for the values asked. */
  async filterSpecs(
    filter: Record<string, unknown> | undefined,
    ctx: RequestContext,
  ): Promise<Record<string, FilterSpec>> {
    const used = Object.keys(filter ?? {}).filter((k) => this.filters.has(k));
    const conditions = await Promise.all(
      used.map((k) => this.filters.get(k)!(filter![k] as FilterValue, ctx, `contributed_${k.replace(/\W/g, '_')}`)),
    );
    return Object.fromEntries(
      used.map((k, i) => [k, { apply: (qb) => void qb.andWhere(...conditions[i]) } satisfies FilterSpec]),
    );
  }

  /** The lowest exact-count cap of the contributed filters the query uses; undefined when none sets one. */
  exactTotalLimit(filter: Record<string, unknown> | undefined): number | undefined {
    const caps = Object.keys(filter ?? {}).flatMap((k) => (this.caps.has(k) ? [this.caps.get(k)!] : []));
    return caps.length ? Math.min(...caps) : undefined;
  }

  /** The rows with every contributed column added. */
  async decorate<R extends { id: string }>(rows: R[], ctx: RequestContext): Promise<R[]> {
    if (!this.columns.size || !rows.length) return rows;
    const ids = rows.map((r) => r.id);
    const columns = await Promise.all(
      [...this.columns].map(async ([key, load]) => [key, await load(ids, ctx)] as const),
    );
    return rows.map((row) => ({
      ...row,
      ...Object.fromEntries(columns.map(([key, values]) => [key, values.get(row.id) ?? null])),
    }));
  }

  private claim<T>(map: Map<string, T>, key: string, value: T) {
    if (map.has(key)) throw new Error(`The customer list already has a contributed "${key}"`);
    map.set(key, value);
  }
}
