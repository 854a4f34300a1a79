import { Injectable } from '@nestjs/common';
import type { RequestContext } from '../auth/request-context.js';
import type { HistoryEntry } from './history.entity.js';

export type HistoryChanges = HistoryEntry['changes'];

/**
 * What a reader may see of one record type's history, field by field: the record's own
 * field-level rules (support parameters by audience, private parts) applied to its past values.
 */
export interface HistoryReadRule {
  entityType: string;
  /**
   * The changes as this reader may see them: fields or parts of values they may not see left
   * out. Called once per page with every entry of the type, so one look-up serves them all.
   */
  visibleChanges(entries: readonly HistoryEntry[], ctx: RequestContext): Promise<HistoryChanges[]>;
}

/**
 * History shows a reader only what the record itself would show them. Entries of private
 * records are kept from others by `visibleTo`; rules registered here take out the fields and
 * parts of values a reader may not see. The entry itself stays (it happened, and paging stays
 * exact), with only the changes the reader may see.
 */
@Injectable()
export class HistoryReadRules {
  private readonly rules = new Map<string, HistoryReadRule[]>();

  register(rule: HistoryReadRule) {
    this.rules.set(rule.entityType, [...(this.rules.get(rule.entityType) ?? []), rule]);
  }

  async apply<T extends { items: HistoryEntry[] }>(page: T, ctx: RequestContext): Promise<T> {
    for (const [entityType, rules] of this.rules) {
      const ofType = page.items.filter((e) => e.entityType === entityType);
      if (!ofType.length) continue;
      for (const rule of rules) {
        const visible = await rule.visibleChanges(ofType, ctx);
        ofType.forEach((entry, i) => (entry.changes = visible[i]));
      }
    }
    return page;
  }
}
