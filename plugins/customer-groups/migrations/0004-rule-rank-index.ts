/**
 * The whole-catalogue price reads, per product, only the first applicable list rule in rank
 * order: this index holds a product's list rules in that order (group priority, list position,
 * larger minimum quantity first), so the walk stops at the first rule of one of the customer's
 * groups that applies.
 */
export const ruleRankIndexSchema = {
  name: '0004-rule-rank-index',
  up: `
CREATE INDEX customer_groups_price_rules_rank ON customer_groups_price_rules (product_id, group_priority, list_position, min_quantity DESC) WHERE kind = 'list';
`,
};
