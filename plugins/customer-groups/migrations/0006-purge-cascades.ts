/**
 * Core's retention purge deletes soft-deleted records for good once their retention has run
 * out, table by table. What hangs on a purged group, price list, product or process area goes
 * with it — a membership of a group gone for a year, the items of a list gone for a year — and a
 * quote keeps the product's code when the product itself is purged, so the price once given
 * stays readable. Derived price rules of a customer purged by contacts go with the customer.
 */
export const purgeCascadesSchema = {
  name: '0006-purge-cascades',
  up: `
ALTER TABLE customer_group_memberships
  DROP CONSTRAINT customer_group_memberships_group_id_fkey,
  ADD CONSTRAINT customer_group_memberships_group_id_fkey FOREIGN KEY (group_id) REFERENCES customer_groups(id) ON DELETE CASCADE;
ALTER TABLE customer_group_price_lists
  DROP CONSTRAINT customer_group_price_lists_group_id_fkey,
  ADD CONSTRAINT customer_group_price_lists_group_id_fkey FOREIGN KEY (group_id) REFERENCES customer_groups(id) ON DELETE CASCADE,
  DROP CONSTRAINT customer_group_price_lists_price_list_id_fkey,
  ADD CONSTRAINT customer_group_price_lists_price_list_id_fkey FOREIGN KEY (price_list_id) REFERENCES customer_groups_price_lists(id) ON DELETE CASCADE;
ALTER TABLE customer_groups_price_list_items
  DROP CONSTRAINT customer_groups_price_list_items_price_list_id_fkey,
  ADD CONSTRAINT customer_groups_price_list_items_price_list_id_fkey FOREIGN KEY (price_list_id) REFERENCES customer_groups_price_lists(id) ON DELETE CASCADE,
  DROP CONSTRAINT customer_groups_price_list_items_product_id_fkey,
  ADD CONSTRAINT customer_groups_price_list_items_product_id_fkey FOREIGN KEY (product_id) REFERENCES customer_groups_products(id) ON DELETE CASCADE;
ALTER TABLE customer_groups_individual_prices
  DROP CONSTRAINT customer_groups_individual_prices_product_id_fkey,
  ADD CONSTRAINT customer_groups_individual_prices_product_id_fkey FOREIGN KEY (product_id) REFERENCES customer_groups_products(id) ON DELETE CASCADE;
ALTER TABLE customer_group_responsibilities
  DROP CONSTRAINT customer_group_responsibilities_group_id_fkey,
  ADD CONSTRAINT customer_group_responsibilities_group_id_fkey FOREIGN KEY (group_id) REFERENCES customer_groups(id) ON DELETE CASCADE,
  DROP CONSTRAINT customer_group_responsibilities_process_area_id_fkey,
  ADD CONSTRAINT customer_group_responsibilities_process_area_id_fkey FOREIGN KEY (process_area_id) REFERENCES customer_groups_process_areas(id) ON DELETE CASCADE;
ALTER TABLE customer_groups_quotes ADD COLUMN product_code text;
UPDATE customer_groups_quotes q SET product_code = p.code FROM customer_groups_products p WHERE p.id = q.product_id;
ALTER TABLE customer_groups_quotes
  ALTER COLUMN product_code SET NOT NULL,
  ALTER COLUMN product_id DROP NOT NULL,
  DROP CONSTRAINT customer_groups_quotes_product_id_fkey,
  ADD CONSTRAINT customer_groups_quotes_product_id_fkey FOREIGN KEY (product_id) REFERENCES customer_groups_products(id) ON DELETE SET NULL;
ALTER TABLE customer_groups_price_rules
  ADD CONSTRAINT customer_groups_price_rules_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES scope_nodes(id) ON DELETE CASCADE;
`,
};
