/**
 * Notes hang on scope nodes. Every list is "the notes of one node, newest first" or the
 * alerts of a node and its ancestors, so the indexes lead with node_id and end with id
 * (UUID v7, time-ordered); deleted rows are kept out of the live indexes.
 */
export const notesSchema = {
  name: '0001-notes',
  up: `
CREATE TABLE notes (
  id uuid PRIMARY KEY,
  -- Cascades so that removing a record for good never fails on its notes, even while the
  -- notes plugin is disabled.
  node_id uuid NOT NULL REFERENCES scope_nodes(id) ON DELETE CASCADE,
  text text NOT NULL,
  private boolean NOT NULL DEFAULT false,
  alert boolean NOT NULL DEFAULT false,
  author_id uuid REFERENCES users(id) ON DELETE SET NULL,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz,
  deleted_by uuid REFERENCES users(id) ON DELETE SET NULL
);

-- The text as a reader sees it: markup dropped, white space collapsed, the entities the
-- sanitiser writes decoded, then lower-cased without accents, so "q" finds words and not tag
-- names. Schema-qualified because index maintenance runs functions with an empty search_path.
CREATE FUNCTION notes_searchable(text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT public.clientele_normalize(
    replace(replace(replace(replace(replace(
      regexp_replace(regexp_replace($1, '<[^>]*>', ' ', 'g'), '[[:space:]]+', ' ', 'g'),
      '&lt;', '<'), '&gt;', '>'), '&quot;', '"'), '&#39;', ''''), '&amp;', '&')) $$;

CREATE INDEX notes_node_live ON notes (node_id, id DESC) WHERE deleted_at IS NULL;
CREATE INDEX notes_node_all ON notes (node_id, id DESC);
CREATE INDEX notes_alerts ON notes (node_id, id DESC) WHERE alert AND deleted_at IS NULL;
CREATE INDEX notes_author ON notes (author_id, id DESC);
-- For the retention purge.
CREATE INDEX notes_deleted_at ON notes (deleted_at) WHERE deleted_at IS NOT NULL;
CREATE INDEX notes_text_trgm ON notes USING gin (notes_searchable(text) gin_trgm_ops);
`,
};
