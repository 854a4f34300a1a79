import { type JsonField, jsonObjectSql } from './json-sql.js';

const productJson = jsonObjectSql([
  ['id', 'x.id', 'plain'],
  ['code', 'x.code', 'text'],
  ['name', 'x.name', 'text'],
  ['unit', 'x.unit', 'text'],
  ['vatRate', 'x.vat_rate', 'plain'],
]);

const price: JsonField = ['price', 'coalesce(x.price, x.base_price)', 'plain'];
const currency: JsonField = ['currency', 'coalesce(x.rule_currency, x.currency)', 'text'];
const ruleId: JsonField = ['ruleId', 'x.rule_id', 'plain'];
const kind: JsonField = ['kind', "coalesce(x.kind, 'base')", 'plain'];

/** A catalogue item as `decidePrice` words its winner; the reasons are `$8` (individual), `$9` (a list's, `format` with list and group) and `$10` (base). */
const whyItem = jsonObjectSql([
  ['product', productJson, 'json'],
  price,
  currency,
  [
    'decidedBy',
    jsonObjectSql([
      ruleId,
      kind,
      price,
      currency,
      ['minQuantity', "coalesce(x.min_quantity::text, '0')", 'plain'],
      ['validFrom', 'lower(x.validity)', 'plain'],
      ['validTo', 'upper(x.validity)', 'plain'],
      [
        'group',
        `CASE WHEN x.group_id IS NOT NULL THEN ${jsonObjectSql([
          ['id', 'x.group_id', 'plain'],
          ['code', 'g.code', 'text'],
          ['name', 'g.name', 'text'],
          ['priority', 'x.group_priority', 'number'],
        ])} END`,
        'json',
      ],
      [
        'priceList',
        `CASE WHEN x.kind = 'list' THEN ${jsonObjectSql([
          ['id', 'x.price_list_id', 'plain'],
          ['name', 'l.name', 'text'],
          ['position', 'x.list_position', 'number'],
        ])} END`,
        'json',
      ],
      [
        'reason',
        "CASE x.kind WHEN 'individual' THEN $8 WHEN 'list' THEN format($9, l.name, g.code) ELSE $10 END",
        'text',
      ],
    ]),
    'json',
  ],
]);

/** Only the price and which rule gave it (`why=false`): the order form's answer. */
const priceItem = jsonObjectSql([
  ['product', productJson, 'json'],
  price,
  currency,
  ['decidedBy', jsonObjectSql([ruleId, kind]), 'json'],
]);

/**
 * The whole catalogue priced for customer `$1` on day `$2` at quantity `$3` (currency `$4` or
 * any), in code order after (`$5` code, `$6` id), `$7` products (all when null): per product,
 * the first applicable individual price, else the first applicable rule of the customer's groups
 * in rank order — read off the rank index, stopping at the first hit (the second branch runs
 * only when the first finds nothing). In code order off the products' index, so a page stops
 * after its products; products without a rule keep their base price.
 *
 * One row: the page's items as JSON text (`why`: each with its deciding rule explained, else
 * just the price and the rule's id), how many products were read (one more than the page when
 * another page follows) and the page's last product for the cursor. The customer's groups and
 * the price lists are joined once, after the page is read.
 */
export const catalogueSql = (why: boolean) => `WITH member AS MATERIALIZED (
  SELECT DISTINCT g.id, g.code, g.name FROM customer_group_memberships m
    JOIN customer_groups g ON g.id = m.group_id AND g.deleted_at IS NULL
   WHERE m.customer_id = $1 AND m.deleted_at IS NULL AND m.validity @> $2::date),
page AS MATERIALIZED (
  SELECT p.id, p.code, p.name, p.unit, p.base_price, p.currency, p.vat_rate, w.rule_id, w.kind, w.group_id, w.group_priority,
         w.list_position, w.price_list_id, w.min_quantity, w.price, w.currency AS rule_currency, w.validity,
         row_number() OVER (ORDER BY p.code, p.id) AS n
    FROM customer_groups_products p
    LEFT JOIN LATERAL (
      (SELECT r.* FROM customer_groups_price_rules r
        WHERE r.kind = 'individual' AND r.customer_id = $1 AND r.product_id = p.id AND r.validity @> $2::date AND r.min_quantity <= $3
          AND ($4::text IS NULL OR r.currency = $4) ORDER BY r.min_quantity DESC LIMIT 1)
      UNION ALL
      (SELECT r.* FROM customer_groups_price_rules r
        WHERE r.kind = 'list' AND r.product_id = p.id AND r.group_id = ANY (ARRAY(SELECT id FROM member)) AND r.validity @> $2::date
          AND r.min_quantity <= $3 AND ($4::text IS NULL OR r.currency = $4) ORDER BY r.group_priority, r.list_position, r.min_quantity DESC LIMIT 1)
      LIMIT 1) w ON true
   WHERE p.deleted_at IS NULL AND ($5::text IS NULL OR (p.code, p.id) > ($5, $6::uuid))
   ORDER BY p.code, p.id
   LIMIT $7::int + 1)
SELECT count(*)::int AS fetched,
       max(x.code) FILTER (WHERE x.n = $7) AS last_code, (array_agg(x.id) FILTER (WHERE x.n = $7))[1] AS last_id,
       '[' || coalesce(string_agg(${why ? whyItem : priceItem}, ',' ORDER BY x.n) FILTER (WHERE $7 IS NULL OR x.n <= $7), '') || ']' AS items
  FROM page x
  LEFT JOIN member g ON g.id = x.group_id
  LEFT JOIN customer_groups_price_lists l ON l.id = x.price_list_id`;

export interface CatalogueRow {
  fetched: number;
  last_code: string | null;
  last_id: string | null;
  items: string;
}
