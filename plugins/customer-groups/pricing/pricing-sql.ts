/**
 * One statement answers a price: whether customer `$1` is one (`$5` the customer kind) the caller
 * may read (`readable`) and ask prices of (`allowed`) — the conditions `AccessService.filterSql`
 * writes, their parameters from `$6` on — and, only then, one product (`$3` its id, or `$4` its
 * code) and its candidate prices on day `$2`: the customer's own individual prices and the list
 * rules of the groups it is a member of on that day — each one index lookup (rules by customer,
 * rules by group), with the group and list names a "why" answer shows. One row per candidate, or
 * one with no rule, or one with no product (none such, or the caller may not ask).
 */
export const candidatesSql = (readable: string, allowed: string) => `WITH customer AS (
  SELECT ${readable} AS readable, ${allowed} AS allowed FROM scope_nodes n WHERE n.id = $1 AND n.kind = $5),
member AS (
  SELECT m.group_id FROM customer_group_memberships m
    JOIN customer_groups g ON g.id = m.group_id AND g.deleted_at IS NULL
   WHERE m.customer_id = $1 AND m.deleted_at IS NULL AND m.validity @> $2::date),
product AS (
  SELECT p.id, p.code, p.name, p.unit, p.base_price::text AS base_price, p.currency, p.vat_rate::text AS vat_rate
    FROM customer_groups_products p JOIN customer ON customer.readable AND customer.allowed
   WHERE p.deleted_at IS NULL AND (p.id = $3::uuid OR lower(p.code) = lower($4::text)) LIMIT 1)
SELECT customer.readable, customer.allowed,
       product.id AS p_id, product.code AS p_code, product.name AS p_name, product.unit AS p_unit, product.base_price AS p_base_price,
       product.currency AS p_currency, product.vat_rate AS p_vat_rate, c.*
  FROM (SELECT) asked LEFT JOIN customer ON true LEFT JOIN product ON true LEFT JOIN LATERAL (
SELECT r.rule_id, r.kind, r.group_id, r.group_priority, r.list_position, r.price_list_id, r.product_id,
       r.min_quantity::text AS min_quantity, r.price::text AS price, r.currency,
       lower(r.validity)::text AS valid_from, upper(r.validity)::text AS valid_to, r.validity @> $2::date AS valid_on_day,
       g.code AS group_code, g.name AS group_name, l.name AS price_list_name
  FROM (SELECT * FROM customer_groups_price_rules WHERE kind = 'individual' AND customer_id = $1 AND product_id = product.id
        UNION ALL
        SELECT * FROM customer_groups_price_rules WHERE kind = 'list' AND group_id IN (SELECT group_id FROM member) AND product_id = product.id) r
  LEFT JOIN customer_groups g ON g.id = r.group_id
  LEFT JOIN customer_groups_price_lists l ON l.id = r.price_list_id) c ON true`;

/** A row of `candidatesSql`: the caller's rights, the product (null when none), and a candidate (all null when it has none). */
export type ProductCandidateRow = CandidateRow & {
  readable: boolean | null;
  allowed: boolean | null;
  p_id: string | null;
  p_code: string;
  p_name: string;
  p_unit: string;
  p_base_price: string;
  p_currency: string;
  p_vat_rate: string;
};

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
