import type { CandidateRow, ProductRow } from './pricing-sql.js';

/** Why a candidate did not decide the price; stable codes, documented in docs/customer-groups.md. */
export type LossReason =
  | 'NOT_VALID_ON_DATE'
  | 'BELOW_MINIMUM_QUANTITY'
  | 'OTHER_CURRENCY'
  | 'INDIVIDUAL_PRICE_FIRST'
  | 'HIGHER_GROUP_PRIORITY'
  | 'EARLIER_IN_LIST_ORDER'
  | 'LARGER_MINIMUM_QUANTITY'
  | 'SAME_RULE_ELSEWHERE'
  | 'A_RULE_APPLIES';

export interface PriceRule {
  ruleId: string | null;
  kind: 'individual' | 'list' | 'base';
  price: string;
  currency: string;
  minQuantity: string;
  validFrom: string | null;
  validTo: string | null;
  group: { id: string; code: string; name: string; priority: number } | null;
  priceList: { id: string; name: string; position: number } | null;
}

export interface PriceDecision {
  product: { id: string; code: string; name: string; unit: string; vatRate: string };
  price: string;
  currency: string;
  decidedBy: PriceRule & { reason: string };
  candidates: (PriceRule & { lostBecause: { code: LossReason; message: string } })[];
}

export interface PriceAsk {
  quantity: number;
  date: string;
  currency?: string;
}

/**
 * Decides one product's price from its candidates: an individual price first, then the lists
 * of the customer's groups by group priority (smaller first), then the list's position in its
 * group, then the larger minimum quantity not above the quantity; the base price when no rule
 * applies. Every candidate that lost says why, against the winner.
 */
export function decidePrice(product: ProductRow, rows: CandidateRow[], ask: PriceAsk): PriceDecision {
  const rules = rows.map(toRule);
  const ineligible = (rule: PriceRule, row: CandidateRow): [LossReason, string] | null => {
    if (!row.valid_on_day) return ['NOT_VALID_ON_DATE', `Not valid on ${ask.date} (${days(rule)})`];
    if (Number(rule.minQuantity) > ask.quantity)
      return ['BELOW_MINIMUM_QUANTITY', `Holds from ${rule.minQuantity} ${product.unit}, asked ${ask.quantity}`];
    if (ask.currency && rule.currency !== ask.currency)
      return ['OTHER_CURRENCY', `In ${rule.currency}, asked ${ask.currency}`];
    return null;
  };
  const eligible = rules.filter((rule, i) => !ineligible(rule, rows[i])).sort(byRank);
  const base: PriceRule = {
    ruleId: null,
    kind: 'base',
    price: product.base_price,
    currency: product.currency,
    minQuantity: '0',
    validFrom: null,
    validTo: null,
    group: null,
    priceList: null,
  };
  const winner = eligible[0] ?? base;
  const candidates = rules
    .map((rule, i) => {
      const [code, message] = ineligible(rule, rows[i]) ?? outranked(winner, rule);
      return { ...rule, lostBecause: { code, message } };
    })
    .filter((c) => !(c.ruleId === winner.ruleId && c.group?.id === winner.group?.id));
  if (winner !== base)
    candidates.push({
      ...base,
      lostBecause: { code: 'A_RULE_APPLIES', message: 'The base price holds only when no rule applies' },
    });
  return {
    product: { id: product.id, code: product.code, name: product.name, unit: product.unit, vatRate: product.vat_rate },
    price: winner.price,
    currency: winner.currency,
    decidedBy: { ...winner, reason: decidedBecause(winner, eligible.length) },
    candidates,
  };
}

/** Rank order of two applicable rules: negative when `a` decides before `b`. */
function byRank(a: PriceRule, b: PriceRule) {
  if (a.kind !== b.kind) return a.kind === 'individual' ? -1 : 1;
  if (a.kind === 'list' && b.kind === 'list') {
    if (a.group!.priority !== b.group!.priority) return a.group!.priority - b.group!.priority;
    if (a.priceList!.position !== b.priceList!.position) return a.priceList!.position - b.priceList!.position;
  }
  return Number(b.minQuantity) - Number(a.minQuantity) || (a.ruleId! < b.ruleId! ? -1 : 1);
}

function outranked(winner: PriceRule, rule: PriceRule): [LossReason, string] {
  if (winner.kind === 'individual' && rule.kind === 'list')
    return ['INDIVIDUAL_PRICE_FIRST', 'An individual price comes before every group price list'];
  if (winner.kind === 'list' && rule.kind === 'list') {
    if (winner.group!.priority !== rule.group!.priority) {
      return [
        'HIGHER_GROUP_PRIORITY',
        `Group ${winner.group!.code} (priority ${winner.group!.priority}) comes before group ${rule.group!.code} (priority ${rule.group!.priority})`,
      ];
    }
    if (winner.priceList!.position !== rule.priceList!.position) {
      return [
        'EARLIER_IN_LIST_ORDER',
        `Price list "${winner.priceList!.name}" (position ${winner.priceList!.position}) comes before "${rule.priceList!.name}" (position ${rule.priceList!.position})`,
      ];
    }
  }
  if (winner.minQuantity !== rule.minQuantity) {
    return [
      'LARGER_MINIMUM_QUANTITY',
      `A price from ${winner.minQuantity} applies, larger than this one's ${rule.minQuantity}`,
    ];
  }
  return [
    'SAME_RULE_ELSEWHERE',
    'The same price of the same rank decided (e.g. the list is carried by another group too)',
  ];
}

/** What `decidedBy.reason` says of the winner; `applicable` counts the rules that applied. */
export function decidedBecause(winner: Pick<PriceRule, 'kind' | 'group' | 'priceList'>, applicable: number) {
  const others = applicable > 1 ? ` (first of ${applicable} applicable rules)` : '';
  if (winner.kind === 'individual') return `Individual price for this customer${others}`;
  if (winner.kind === 'list') return `Price list "${winner.priceList!.name}" of group ${winner.group!.code}${others}`;
  return 'Base price: no individual price or group price list applies';
}

const days = (rule: PriceRule) => `${rule.validFrom ?? '…'} to before ${rule.validTo ?? '…'}`;

function toRule(row: CandidateRow): PriceRule {
  return {
    ruleId: row.rule_id,
    kind: row.kind,
    price: row.price,
    currency: row.currency,
    minQuantity: row.min_quantity,
    validFrom: row.valid_from,
    validTo: row.valid_to,
    group: row.group_id
      ? { id: row.group_id, code: row.group_code!, name: row.group_name!, priority: row.group_priority! }
      : null,
    priceList:
      row.price_list_id && row.kind === 'list'
        ? { id: row.price_list_id, name: row.price_list_name!, position: row.list_position! }
        : null,
  };
}
