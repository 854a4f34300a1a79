import type { MigrationDefinition } from '@clientele/core';

/**
 * The words customers' names are made of, for the typo-tolerant search (docs/contacts.md,
 * "A typo"). Comparing a mistyped word with a few thousand distinct words and then searching
 * the names for the nearest ones costs a few milliseconds; comparing it with a million names by
 * trigram similarity cost a hundred.
 *
 * - Kept by statement-level triggers, so a batch of the import adds its new words in one
 *   statement; words are added in sorted order, so two writers adding the same new words
 *   cannot deadlock.
 * - Words are never removed: a word no name uses any more only offers a spelling that finds
 *   nobody, and the search checks the names themselves.
 * - Words shorter than three letters are left out: the search takes them as typed.
 * - `contacts_nearest_words` sets the similarity threshold of pg_trgm's `<%` (a setting, not an
 *   argument of the operator) for the statement it runs in: one round trip, no transaction.
 */
export const nameWordsSchema: MigrationDefinition = {
  name: '0005-name-words',
  up: `
CREATE TABLE contacts_name_words (word text COLLATE "C" PRIMARY KEY);
CREATE INDEX contacts_name_words_trgm ON contacts_name_words USING gin (word gin_trgm_ops);
CREATE FUNCTION contacts_add_name_words() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO contacts_name_words (word)
  SELECT DISTINCT w FROM new_rows, regexp_split_to_table(new_rows.name_normalized, '\\s+') AS w WHERE length(w) >= 3 ORDER BY w
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
CREATE TRIGGER contacts_customers_name_words_insert AFTER INSERT ON contacts_customers
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION contacts_add_name_words();
CREATE TRIGGER contacts_customers_name_words_update AFTER UPDATE ON contacts_customers
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION contacts_add_name_words();
CREATE FUNCTION contacts_nearest_words(typed text[], threshold real, per_word int)
  RETURNS TABLE (typed_position int, spelling text, spelling_similarity real, spelling_grams text[]) LANGUAGE plpgsql STABLE AS $$
BEGIN
  PERFORM set_config('pg_trgm.word_similarity_threshold', threshold::text, true);
  RETURN QUERY
    SELECT t.i::int, n.word::text, n.similarity, contacts_pattern_grams(ARRAY[n.word::text])
      FROM unnest(typed) WITH ORDINALITY AS t(typed_word, i)
     CROSS JOIN LATERAL (
       SELECT w.word, word_similarity(t.typed_word, w.word) AS similarity FROM contacts_name_words w
        WHERE length(t.typed_word) >= 3 AND t.typed_word <% w.word ORDER BY 2 DESC, 1 LIMIT per_word) n
     ORDER BY 1, 3 DESC, 2;
END $$;
INSERT INTO contacts_name_words (word)
SELECT DISTINCT w FROM contacts_customers, regexp_split_to_table(name_normalized, '\\s+') AS w WHERE length(w) >= 3 ORDER BY w;
`,
};
