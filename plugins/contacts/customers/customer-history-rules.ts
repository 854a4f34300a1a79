import { Injectable, OnModuleInit } from '@nestjs/common';
import { HistoryReadRules, type HistoryChanges } from '@clientele/core';
import { CUSTOMER_TYPE } from '../constants.js';
import { CustomerView } from './customer-view.js';

/** A support-value map (`code → { value, color }`) cut to the parameters the reader may see. */
function visibleValues(values: unknown, visible: Set<string>) {
  if (!values || typeof values !== 'object') return values;
  return Object.fromEntries(Object.entries(values).filter(([code]) => visible.has(code)));
}

/** A customer's history shows support values only of parameters the reader's audience sees on the card. */
export function visibleCustomerChanges(changes: HistoryChanges, visible: Set<string>): HistoryChanges {
  const change = changes?.supportValues;
  if (!change) return changes;
  const { supportValues: _hidden, ...rest } = changes;
  const before = visibleValues(change.before, visible);
  const after = visibleValues(change.after, visible);
  return JSON.stringify(before) === JSON.stringify(after) ? rest : { ...rest, supportValues: { before, after } };
}

@Injectable()
export class CustomerHistoryRules implements OnModuleInit {
  constructor(
    private readonly rules: HistoryReadRules,
    private readonly view: CustomerView,
  ) {}

  onModuleInit() {
    this.rules.register({
      entityType: CUSTOMER_TYPE,
      visibleChanges: async (entries, ctx) => {
        const visible = new Set((await this.view.visibleParameters(ctx)).map((p) => p.code));
        return entries.map((entry) => visibleCustomerChanges(entry.changes, visible));
      },
    });
  }
}
