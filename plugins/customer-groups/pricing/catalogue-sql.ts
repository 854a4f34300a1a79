/** The columns a winner shows, all in the rank index for list rules (so their read is index-only). */
const ruleColumns = (kind: 'individual' | 'list') =>
  `r.rule_id, '${kind}' AS kind, r.group_id, r.group_priority, r.list_position, r.price_list_id, r.min_quantity, r.price, r.currency, r.validity`;

/** What explains a winner (`why`): its quantity, days, group and list. */
const explained = `,
       coalesce(x.min_quantity::text, '0') AS min_quantity, lower(x.validity)::text AS valid_from, upper(x.validity)::text AS valid_to,
       x.group_id, g.code AS group_code, g.name AS group_name, x.group_priority, x.price_list_id, l.name AS price_list_name, x.list_position`;

/**
 * The whole catalogue priced for customer `$1` on day `$2` at quantity `$3` (currency `$4` or
 * any), in code order after (`$5` code, `$6` id), `$7` products and one more (all when null):
 * per product, the first applicable individual price (looked for only when the customer has
 * any), else the first applicable rule of the customer's groups in rank order — read off the
 * rank index, index-only, stopping at the first hit (the second branch runs only when the first
 * finds nothing). In code order off the products' index, so a page stops after its products;
 * products without a rule keep their base price (`kind` base, no rule). The customer's groups
 * and the price lists are joined once, after the page is read — not per product; without `why`
 * only the price and the rule's id and kind are read. Amounts and dates come as text, as the
 * answer shows them.
 */
export const catalogueSql = (why: boolean) => `WITH member AS MATERIALIZED (
  SELECT DISTINCT g.id, g.code, g.name FROM customer_group_memberships m
    JOIN customer_groups g ON g.id = m.group_id AND g.deleted_at IS NULL
   WHERE m.customer_id = $1 AND m.deleted_at IS NULL AND m.validity @> $2::date),
own AS (SELECT EXISTS (SELECT 1 FROM customer_groups_price_rules WHERE kind = 'individual' AND customer_id = $1) AS priced),
page AS MATERIALIZED (
  SELECT p.id, p.code, p.name, p.unit, p.base_price, p.currency, p.vat_rate, w.rule_id, w.kind, w.group_id, w.group_priority,
         w.list_position, w.price_list_id, w.min_quantity, w.price, w.currency AS rule_currency, w.validity
    FROM customer_groups_products p
    LEFT JOIN LATERAL (
      (SELECT ${ruleColumns('individual')} FROM customer_groups_price_rules r
        WHERE (SELECT priced FROM own) AND r.kind = 'individual' AND r.customer_id = $1 AND r.product_id = p.id AND r.validity @> $2::date
          AND r.min_quantity <= $3 AND ($4::text IS NULL OR r.currency = $4) ORDER BY r.min_quantity DESC LIMIT 1)
      UNION ALL
      (SELECT ${ruleColumns('list')} FROM customer_groups_price_rules r
        WHERE r.kind = 'list' AND r.product_id = p.id AND r.group_id = ANY (ARRAY(SELECT id FROM member)) AND r.validity @> $2::date
          AND r.min_quantity <= $3 AND ($4::text IS NULL OR r.currency = $4) ORDER BY r.group_priority, r.list_position, r.min_quantity DESC LIMIT 1)
      LIMIT 1) w ON true
   WHERE p.deleted_at IS NULL AND ($5::text IS NULL OR (p.code, p.id) > ($5, $6::uuid))
   ORDER BY p.code, p.id
   LIMIT $7::int + 1)
SELECT x.id, x.code, x.name, x.unit, x.vat_rate::text AS vat_rate, coalesce(x.price, x.base_price)::text AS price,
       coalesce(x.rule_currency, x.currency) AS currency, x.rule_id, coalesce(x.kind, 'base') AS kind${why ? explained : ''}
  FROM page x${
    why
      ? `
  LEFT JOIN member g ON g.id = x.group_id
  LEFT JOIN customer_groups_price_lists l ON l.id = x.price_list_id`
      : ''
  }
 ORDER BY x.code, x.id`;

/** A row of `catalogueSql`: a product and the rule that decided its price (rule fields null for the base price). */
export interface CatalogueRow {
  id: string;
  code: string;
  name: string;
  unit: string;
  vat_rate: string;
  price: string;
  currency: string;
  rule_id: string | null;
  kind: 'individual' | 'list' | 'base';
  min_quantity: string;
  valid_from: string | null;
  valid_to: string | null;
  group_id: string | null;
  group_code: string | null;
  group_name: string | null;
  group_priority: number | null;
  price_list_id: string | null;
  price_list_name: string | null;
  list_position: number | null;
}
