import type { MigrationDefinition } from '@clientele/core';

/**
 * Name search keyed by address book (docs/contacts.md, "Search design"). The trigram GIN index
 * led by the address book still had to intersect a book's whole posting list (every customer
 * in it) with the trigrams' lists: ~25 ms for one name at a million customers. Here every
 * trigram of a name is stored already prefixed with a short code of its address book, so a
 * search in the books a caller reaches reads only the few entries of those books' trigrams.
 *
 * - The book code is the last 8 hex digits of the book's id. Two books sharing a code only
 *   share posting lists; the search still checks the book and the name on every row.
 * - `contacts_pattern_grams(words)` gives the trigrams that every name containing each of the
 *   words has: a word's trigrams framed by three different letters, intersected, so those
 *   depending on what precedes or follows the word (padding, the framing letter) drop out.
 * - `public.` qualified: index builds run with a restricted search_path.
 * - The plain trigram index stays for callers who see every book (and served the typo
 *   fallback until 0005-name-words); the plain terms index replaces the one led by the book, which the planner
 *   liked to intersect with a whole book's rows where an identifier already names a few.
 */
export const nameGramsSchema: MigrationDefinition = {
  name: '0004-name-grams',
  up: `
CREATE FUNCTION contacts_name_grams(book uuid, name text) RETURNS text[]
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT string_to_array(right(book::text, 8) || array_to_string(public.show_trgm(name), E'\\x01' || right(book::text, 8)), E'\\x01') $$;
CREATE FUNCTION contacts_pattern_grams(words text[]) RETURNS text[]
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT ARRAY(SELECT DISTINCT g FROM unnest(words) AS w(word), LATERAL (
          SELECT unnest(public.show_trgm('q' || word || 'q')) INTERSECT SELECT unnest(public.show_trgm('x' || word || 'x'))
          INTERSECT SELECT unnest(public.show_trgm('z' || word || 'z'))) AS t(g)) $$;
CREATE INDEX contacts_customers_name_grams ON contacts_customers USING gin (contacts_name_grams(address_book_id, name_normalized));
CREATE INDEX contacts_customers_name_trgm ON contacts_customers USING gin (name_normalized gin_trgm_ops);
CREATE INDEX contacts_customers_terms ON contacts_customers USING gin (search_terms);
-- An import killed with these set aside must not build them again.
DELETE FROM contacts_customer_import_deferred_indexes WHERE name IN ('contacts_customers_book_name_trgm', 'contacts_customers_book_terms');
DROP INDEX IF EXISTS contacts_customers_book_name_trgm;
DROP INDEX IF EXISTS contacts_customers_book_terms;
`,
};
