import type { CatalogueRow } from './catalogue-sql.js';
import { type PriceRule, decidedBecause } from './price-decision.js';

const text = JSON.stringify;
/** Ids, amounts and dates hold nothing JSON would escape. */
const plain = (value: string | null) => (value === null ? 'null' : `"${value}"`);

/**
 * The catalogue's items written straight as JSON text, in the shape of a price answer's
 * `product`, `price`, `currency` and `decidedBy` (`why`), or with `decidedBy` holding only the
 * rule's id and kind. Thousands of products: writing the text once costs a fraction of building
 * an object per product and having the framework serialise them all. The part a rank decides
 * (group, list, reason) is written once per group and list and reused.
 */
export function catalogueItemsJson(rows: CatalogueRow[], why: boolean) {
  const ranks = new Map<string, string>();
  const items = rows.map((r) => {
    const product = `{"id":"${r.id}","code":${text(r.code)},"name":${text(r.name)},"unit":${text(r.unit)},"vatRate":"${r.vat_rate}"}`;
    const head = `{"product":${product},"price":"${r.price}","currency":${text(r.currency)},"decidedBy":{"ruleId":${plain(r.rule_id)},"kind":"${r.kind}"`;
    if (!why) return `${head}}}`;
    const rank = `${r.kind}/${r.group_id}/${r.price_list_id}/${r.list_position}`;
    let ranked = ranks.get(rank);
    if (ranked === undefined) {
      const group: PriceRule['group'] = r.group_id
        ? { id: r.group_id, code: r.group_code!, name: r.group_name!, priority: r.group_priority! }
        : null;
      const priceList: PriceRule['priceList'] =
        r.kind === 'list' ? { id: r.price_list_id!, name: r.price_list_name!, position: r.list_position! } : null;
      const reason = decidedBecause({ kind: r.kind, group, priceList }, 1);
      ranked = `"group":${text(group)},"priceList":${text(priceList)},"reason":${text(reason)}`;
      ranks.set(rank, ranked);
    }
    return `${head},"price":"${r.price}","currency":${text(r.currency)},"minQuantity":"${r.min_quantity}","validFrom":${plain(r.valid_from)},"validTo":${plain(r.valid_to)},${ranked}}}`;
  });
  return `[${items.join(',')}]`;
}
