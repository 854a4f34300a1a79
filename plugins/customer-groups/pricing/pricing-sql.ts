/**
 * One product (`$3` its id, or `$4` its code) and its candidate prices for customer `$1` on day
 * `$2`: the customer's own individual prices and the list rules of the groups it is a member of
 * on that day — each one index lookup (rules by customer, rules by group), with the group and
 * list names a "why" answer shows. One row per candidate, or one with no rule; none when there
 * is no such product.
 */
export const candidatesSql = `WITH member AS (
  SELECT m.group_id FROM customer_group_memberships m
    JOIN customer_groups g ON g.id = m.group_id AND g.deleted_at IS NULL
   WHERE m.customer_id = $1 AND m.deleted_at IS NULL AND m.validity @> $2::date),
product AS (
  SELECT p.id, p.code, p.name, p.unit, p.base_price::text AS base_price, p.currency, p.vat_rate::text AS vat_rate FROM customer_groups_products p
   WHERE p.deleted_at IS NULL AND (p.id = $3::uuid OR lower(p.code) = lower($4::text)) LIMIT 1)
SELECT product.id AS p_id, product.code AS p_code, product.name AS p_name, product.unit AS p_unit, product.base_price AS p_base_price,
       product.currency AS p_currency, product.vat_rate AS p_vat_rate, c.*
  FROM product LEFT JOIN LATERAL (
SELECT r.rule_id, r.kind, r.group_id, r.group_priority, r.list_position, r.price_list_id, r.product_id,
       r.min_quantity::text AS min_quantity, r.price::text AS price, r.currency,
       lower(r.validity)::text AS valid_from, upper(r.validity)::text AS valid_to, r.validity @> $2::date AS valid_on_day,
       g.code AS group_code, g.name AS group_name, l.name AS price_list_name
  FROM (SELECT * FROM customer_groups_price_rules WHERE kind = 'individual' AND customer_id = $1 AND product_id = product.id
        UNION ALL
        SELECT * FROM customer_groups_price_rules WHERE kind = 'list' AND group_id IN (SELECT group_id FROM member) AND product_id = product.id) r
  LEFT JOIN customer_groups g ON g.id = r.group_id
  LEFT JOIN customer_groups_price_lists l ON l.id = r.price_list_id) c ON true`;

/** A row of `candidatesSql`: the product, and a candidate (all null when it has none). */
export type ProductCandidateRow = CandidateRow & {
  p_id: string;
  p_code: string;
  p_name: string;
  p_unit: string;
  p_base_price: string;
  p_currency: string;
  p_vat_rate: string;
};

const productColumns = `p.id, p.code, p.name, p.unit, p.base_price::text AS base_price, p.currency, p.vat_rate::text AS vat_rate`;

/**
 * The whole catalogue's winners for customer `$1` on day `$2` at quantity `$3` (currency `$4`
 * or any), in code order after (`$5` code, `$6` id), `$7` of them: per product, the first applicable individual price, else the first applicable rule
 * of the customer's groups in rank order — read off the rank index, stopping at the first hit
 * (the second branch runs only when the first finds nothing), the customer's groups read once.
 * In code order off the products' index, so a page stops after its products. Products without one keep their
 * base price.
 */
export const catalogueWinnersSql = `WITH member AS (
  SELECT coalesce(array_agg(m.group_id), '{}') AS groups FROM customer_group_memberships m
    JOIN customer_groups g ON g.id = m.group_id AND g.deleted_at IS NULL
   WHERE m.customer_id = $1 AND m.deleted_at IS NULL AND m.validity @> $2::date)
SELECT ${productColumns}, w.rule_id, w.kind, w.group_id, w.group_priority, w.list_position, w.price_list_id,
       w.min_quantity::text AS min_quantity, w.price::text AS price, w.currency AS rule_currency,
       lower(w.validity)::text AS valid_from, upper(w.validity)::text AS valid_to, g.code AS group_code, g.name AS group_name, l.name AS price_list_name
  FROM customer_groups_products p
  LEFT JOIN LATERAL (
    (SELECT r.* FROM customer_groups_price_rules r
      WHERE r.kind = 'individual' AND r.customer_id = $1 AND r.product_id = p.id AND r.validity @> $2::date AND r.min_quantity <= $3
        AND ($4::text IS NULL OR r.currency = $4) ORDER BY r.min_quantity DESC LIMIT 1)
    UNION ALL
    (SELECT r.* FROM customer_groups_price_rules r
      WHERE r.kind = 'list' AND r.product_id = p.id AND r.group_id = ANY ((SELECT groups FROM member)::uuid[]) AND r.validity @> $2::date AND r.min_quantity <= $3
        AND ($4::text IS NULL OR r.currency = $4) ORDER BY r.group_priority, r.list_position, r.min_quantity DESC LIMIT 1)
    LIMIT 1) w ON true
  LEFT JOIN customer_groups g ON g.id = w.group_id
  LEFT JOIN customer_groups_price_lists l ON l.id = w.price_list_id
 WHERE p.deleted_at IS NULL AND ($5::text IS NULL OR (p.code, p.id) > ($5, $6::uuid))
 ORDER BY p.code, p.id
 LIMIT $7`;

export type WinnerRow = ProductRow &
  Partial<Omit<CandidateRow, 'product_id' | 'valid_on_day' | 'currency'>> & { rule_currency: string | null };

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
