/** The catalogue in code order (the product list, and the catalogue's prices page by page) straight off an index. */
export const productsByCodeSchema = {
  name: '0007-products-by-code',
  up: `
CREATE INDEX customer_groups_products_code_order ON customer_groups_products (code, id) WHERE deleted_at IS NULL;
`,
};
