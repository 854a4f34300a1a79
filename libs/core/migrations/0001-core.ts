import type { MigrationDefinition } from '../plugin/plugin.types.js';
import { SYSTEM_NODE_ID } from '../access/constants.js';

export const coreSchema: MigrationDefinition = {
  name: '0001-core',
  up: `
CREATE EXTENSION IF NOT EXISTS citext;
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS btree_gin;

-- unaccent() is only STABLE; an IMMUTABLE wrapper lets indexes use it.
CREATE FUNCTION clientele_normalize(text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, $1)) $$;

-- Time-ordered UUIDs (version 7) for rows made inside SQL, matching the ones the server makes.
CREATE FUNCTION clientele_uuid_v7() RETURNS uuid LANGUAGE sql VOLATILE AS $$
  SELECT encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid())
    PLACING substring(int8send(floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3) FROM 1 FOR 6), 52, 1), 53, 1), 'hex')::uuid
$$;

-- The scope tree. path holds the ids of every ancestor and the node itself, root first:
-- "does this row sit under a node the user holds a grant on" is one array overlap, and
-- "everything below X" is served by the GIN index.
CREATE TABLE scope_nodes (
  id uuid PRIMARY KEY,
  kind text NOT NULL,
  parent_id uuid REFERENCES scope_nodes(id),
  path uuid[] NOT NULL,
  label text NOT NULL DEFAULT '',
  -- set on a whole subtree when the record at its top is soft-deleted; disabled_by names that top
  disabled_at timestamptz,
  disabled_by uuid,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX scope_nodes_path_gin ON scope_nodes USING gin (path);
CREATE INDEX scope_nodes_parent ON scope_nodes (parent_id);
INSERT INTO scope_nodes (id, kind, parent_id, path, label)
  VALUES ('${SYSTEM_NODE_ID}', 'system', NULL, ARRAY['${SYSTEM_NODE_ID}'::uuid], 'System');

CREATE TABLE users (
  id uuid PRIMARY KEY,
  email citext NOT NULL UNIQUE,
  display_name text NOT NULL,
  password_hash text,
  is_active boolean NOT NULL DEFAULT true,
  is_master_admin boolean NOT NULL DEFAULT false,
  activated_at timestamptz,
  last_login_at timestamptz,
  home_node_id uuid REFERENCES scope_nodes(id),
  preferences jsonb NOT NULL DEFAULT '{}',
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX users_home_node ON users (home_node_id);

CREATE TABLE auth_tokens (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('session', 'api_key', 'activation')),
  name text,
  token_hash bytea NOT NULL UNIQUE,
  expires_at timestamptz,
  revoked_at timestamptz,
  last_used_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX auth_tokens_user ON auth_tokens (user_id);

CREATE TABLE login_attempts (
  id bigserial PRIMARY KEY,
  email citext NOT NULL,
  ip text NOT NULL,
  succeeded boolean NOT NULL,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_attempts_email ON login_attempts (email, at) WHERE NOT succeeded;
CREATE INDEX login_attempts_ip ON login_attempts (ip, at) WHERE NOT succeeded;

CREATE TABLE roles (
  id uuid PRIMARY KEY,
  code text NOT NULL,
  name text NOT NULL,
  description text NOT NULL DEFAULT '',
  permissions text[] NOT NULL DEFAULT '{}',
  owner_node_id uuid REFERENCES scope_nodes(id),
  is_builtin boolean NOT NULL DEFAULT false,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE NULLS NOT DISTINCT (code, owner_node_id)
);
CREATE INDEX roles_permissions ON roles USING gin (permissions);
CREATE INDEX roles_owner ON roles (owner_node_id);

CREATE TABLE user_groups (
  id uuid PRIMARY KEY,
  name text NOT NULL,
  description text NOT NULL DEFAULT '',
  owner_node_id uuid REFERENCES scope_nodes(id),
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE user_group_members (
  group_id uuid NOT NULL REFERENCES user_groups(id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  PRIMARY KEY (user_id, group_id)
);
CREATE INDEX user_group_members_group ON user_group_members (group_id);

CREATE TABLE grants (
  id uuid PRIMARY KEY,
  user_id uuid REFERENCES users(id) ON DELETE CASCADE,
  group_id uuid REFERENCES user_groups(id) ON DELETE CASCADE,
  role_id uuid NOT NULL REFERENCES roles(id) ON DELETE CASCADE,
  node_id uuid NOT NULL REFERENCES scope_nodes(id) ON DELETE CASCADE,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((user_id IS NULL) <> (group_id IS NULL))
);
CREATE UNIQUE INDEX grants_user_unique ON grants (user_id, node_id, role_id) WHERE user_id IS NOT NULL;
CREATE UNIQUE INDEX grants_group_unique ON grants (group_id, node_id, role_id) WHERE group_id IS NOT NULL;
CREATE INDEX grants_node ON grants (node_id);
CREATE INDEX grants_role ON grants (role_id);

CREATE TABLE history (
  id uuid PRIMARY KEY,
  entity_type text NOT NULL,
  entity_id uuid NOT NULL,
  node_id uuid,
  actor_id uuid,
  action text NOT NULL,
  at timestamptz NOT NULL DEFAULT now(),
  changes jsonb NOT NULL DEFAULT '{}',
  visible_to uuid
);
CREATE INDEX history_record ON history (entity_type, entity_id, id DESC);
CREATE INDEX history_actor ON history (actor_id, id DESC);
CREATE INDEX history_node ON history (node_id, id DESC);
CREATE INDEX history_type ON history (entity_type, id DESC);

CREATE TABLE jobs (
  id uuid PRIMARY KEY,
  type text NOT NULL,
  status text NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed')),
  progress bigint NOT NULL DEFAULT 0,
  total bigint,
  result jsonb,
  error text,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE scheduled_job_runs (
  job text NOT NULL,
  slot timestamptz NOT NULL,
  started_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  runner text NOT NULL,
  error text,
  PRIMARY KEY (job, slot)
);

CREATE TABLE system_state (
  key text PRIMARY KEY,
  value jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
`,
};
