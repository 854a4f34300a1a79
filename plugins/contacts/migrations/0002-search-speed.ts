import type { MigrationDefinition } from '@clientele/core';

/**
 * Search narrows customers by the address books the caller reaches before the per-row access
 * check (docs/contacts.md, "Search design"). These GIN indexes (btree_gin for the uuid column)
 * answer "in these books" and the name or identifier match in one index scan, so a staff user
 * who sees 10% of the customers reads about 10% of the candidates. A multicolumn GIN index also
 * serves a condition on its second column alone (master admins' search), so they replace the
 * single-column ones instead of adding to the cost of every write.
 */
export const searchSpeedSchema: MigrationDefinition = {
  name: '0002-search-speed',
  up: `
CREATE INDEX contacts_customers_book_name_trgm ON contacts_customers USING gin (address_book_id, name_normalized gin_trgm_ops);
DROP INDEX IF EXISTS contacts_customers_name_trgm;
CREATE INDEX contacts_customers_book_terms ON contacts_customers USING gin (address_book_id, search_terms);
DROP INDEX IF EXISTS contacts_customers_terms;
`,
};
