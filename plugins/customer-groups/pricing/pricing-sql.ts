/**
 * A customer's candidate prices on a day: its own individual prices and the list rules of the
 * groups it is a member of on that day — each one index lookup (rules by customer, rules by
 * group), with the product, group and list names a "why" answer shows. `$1` customer, `$2`
 * day, `$3` product (NULL: the whole catalogue).
 */
export const candidatesSql = `WITH member AS (
  SELECT m.group_id FROM customer_group_memberships m
    JOIN customer_groups g ON g.id = m.group_id AND g.deleted_at IS NULL
   WHERE m.customer_id = $1 AND m.deleted_at IS NULL AND m.validity @> $2::date)
SELECT r.rule_id, r.kind, r.group_id, r.group_priority, r.list_position, r.price_list_id, r.product_id,
       r.min_quantity::text AS min_quantity, r.price::text AS price, r.currency,
       lower(r.validity)::text AS valid_from, upper(r.validity)::text AS valid_to, r.validity @> $2::date AS valid_on_day,
       g.code AS group_code, g.name AS group_name, l.name AS price_list_name
  FROM (SELECT * FROM customer_groups_price_rules WHERE kind = 'individual' AND customer_id = $1 AND ($3::uuid IS NULL OR product_id = $3)
        UNION ALL
        SELECT * FROM customer_groups_price_rules WHERE kind = 'list' AND group_id IN (SELECT group_id FROM member) AND ($3::uuid IS NULL OR product_id = $3)) r
  LEFT JOIN customer_groups g ON g.id = r.group_id
  LEFT JOIN customer_groups_price_lists l ON l.id = r.price_list_id`;

/** The live catalogue (or one product, `$1`), in code order. */
export const productsSql = `SELECT id, code, name, unit, base_price::text AS base_price, currency, vat_rate::text AS vat_rate
  FROM customer_groups_products WHERE deleted_at IS NULL AND ($1::uuid IS NULL OR id = $1) ORDER BY code, id`;

export interface CandidateRow {
  rule_id: string;
  kind: 'individual' | 'list';
  group_id: string | null;
  group_priority: number | null;
  list_position: number | null;
  price_list_id: string | null;
  product_id: string;
  min_quantity: string;
  price: string;
  currency: string;
  valid_from: string | null;
  valid_to: string | null;
  valid_on_day: boolean;
  group_code: string | null;
  group_name: string | null;
  price_list_name: string | null;
}

export interface ProductRow {
  id: string;
  code: string;
  name: string;
  unit: string;
  base_price: string;
  currency: string;
  vat_rate: string;
}
