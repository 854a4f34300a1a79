/**
 * The SQL that keeps `customer_groups_price_rules` — every price a customer can be offered,
 * with its rank — in step with groups, price lists, their items and individual prices. All
 * of it in one place, since the tie rule (the table's exclusion constraints) lives here.
 */

/** The list rules of live groups carrying live lists with live items, for the groups `$1` or the lists `$2`. */
const listRulesSql = `SELECT i.id AS rule_id, 'list' AS kind, NULL::uuid AS customer_id, g.id AS group_id, g.priority AS group_priority,
       gl.position AS list_position, l.id AS price_list_id, i.product_id, i.min_quantity, l.validity, i.price, l.currency
  FROM customer_groups g
  JOIN customer_group_price_lists gl ON gl.group_id = g.id AND gl.deleted_at IS NULL
  JOIN customer_groups_price_lists l ON l.id = gl.price_list_id AND l.deleted_at IS NULL
  JOIN customer_groups_price_list_items i ON i.price_list_id = l.id AND i.deleted_at IS NULL
 WHERE g.deleted_at IS NULL AND (g.id = ANY($1::uuid[]) OR l.id = ANY($2::uuid[]))`;

/** The individual prices `$3`, while live. */
const individualRulesSql = `SELECT p.id AS rule_id, 'individual' AS kind, p.customer_id, NULL::uuid AS group_id, NULL::int AS group_priority,
       NULL::int AS list_position, NULL::uuid AS price_list_id, p.product_id, p.min_quantity, p.validity, p.price, p.currency
  FROM customer_groups_individual_prices p
 WHERE p.deleted_at IS NULL AND p.id = ANY($3::uuid[])`;

/** Forget the rules of the groups `$1`, the lists `$2` and the individual prices `$3`. */
export const deleteRulesSql = `DELETE FROM customer_groups_price_rules
 WHERE group_id = ANY($1::uuid[]) OR price_list_id = ANY($2::uuid[]) OR rule_id = ANY($3::uuid[])`;

const freshRulesSql = `${listRulesSql} UNION ALL ${individualRulesSql}`;

/**
 * The first rule the fresh ones would tie with (the exclusion constraints' own test), with
 * what names it to a person: the other rule, whose rank it shares, and the product.
 */
export const firstTieSql = `WITH fresh AS (${freshRulesSql}),
  others AS (SELECT * FROM customer_groups_price_rules UNION ALL SELECT * FROM fresh)
SELECT f.rule_id, f.kind, f.group_id, f.price_list_id, f.price, o.rule_id AS other_rule_id, o.group_id AS other_group_id,
       o.price_list_id AS other_price_list_id, o.price AS other_price, f.min_quantity, f.group_priority, f.list_position,
       pr.code AS product_code, fg.code AS group_code, og.code AS other_group_code, fl.name AS price_list_name, ol.name AS other_price_list_name
  FROM fresh f
  JOIN others o ON o.product_id = f.product_id AND o.kind = f.kind AND o.min_quantity = f.min_quantity
               AND o.validity && f.validity AND o.price <> f.price
               AND (f.kind = 'list' AND o.group_priority = f.group_priority AND o.list_position = f.list_position
                    OR f.kind = 'individual' AND o.customer_id = f.customer_id)
  JOIN customer_groups_products pr ON pr.id = f.product_id
  LEFT JOIN customer_groups fg ON fg.id = f.group_id
  LEFT JOIN customer_groups og ON og.id = o.group_id
  LEFT JOIN customer_groups_price_lists fl ON fl.id = f.price_list_id
  LEFT JOIN customer_groups_price_lists ol ON ol.id = o.price_list_id
 LIMIT 1`;

export const insertRulesSql = `INSERT INTO customer_groups_price_rules
  (rule_id, kind, customer_id, group_id, group_priority, list_position, price_list_id, product_id, min_quantity, validity, price, currency)
  ${freshRulesSql}`;

export interface TieRow {
  rule_id: string;
  kind: 'list' | 'individual';
  group_id: string | null;
  price_list_id: string | null;
  price: string;
  other_rule_id: string;
  other_group_id: string | null;
  other_price_list_id: string | null;
  other_price: string;
  min_quantity: string;
  group_priority: number | null;
  list_position: number | null;
  product_code: string;
  group_code: string | null;
  other_group_code: string | null;
  price_list_name: string | null;
  other_price_list_name: string | null;
}
