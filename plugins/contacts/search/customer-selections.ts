import { Injectable } from '@nestjs/common';
import { JobProgress, RequestContext, refused } from '@clientele/core';
import { CustomerSearch } from './customer-search.js';

/** A search and filter of the customer list: how bulk work in other modules names its customers. */
export interface CustomerSelection {
  q?: string;
  filter?: Record<string, unknown>;
}

/**
 * Bulk work over exactly the customers `GET /api/customers` shows the caller for the same `q` and
 * `filter`, so nothing the caller may not read is ever touched. Customers found only by a similar
 * spelling are a suggestion, never a bulk target.
 */
@Injectable()
export class CustomerSelections {
  constructor(private readonly search: CustomerSearch) {}

  /** Refuses a bad filter (400) and a search that matches only by spelling now, rather than as a failed job. */
  async check(ctx: RequestContext, selection: CustomerSelection, work: string) {
    const probe = await this.search.list(ctx, { ...selection, limit: 1 });
    if ('fuzzy' in probe)
      throw refused(
        'NO_EXACT_MATCH',
        `The search finds customers only by a similar spelling; ${work} needs one that matches exactly`,
      );
  }

  /** Calls `each` with the ids of each page of `size` customers, in number order, reporting progress after each. */
  async eachPage(
    ctx: RequestContext,
    selection: CustomerSelection,
    size: number,
    progress: JobProgress,
    each: (ids: string[]) => Promise<void>,
  ) {
    let cursor: string | undefined;
    let done = 0;
    do {
      const page = await this.search.list(ctx, { ...selection, limit: size, cursor, sort: 'number' });
      const ids = 'fuzzy' in page ? [] : (page.items as { id: string }[]).map((c) => c.id);
      await each(ids);
      done += ids.length;
      await progress.report(done, Math.max(done, page.total));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }
}
