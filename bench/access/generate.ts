import type pg from 'pg';
import { SYSTEM_NODE_ID } from '@clientele/core';
import { LEVEL_KINDS, OTHER_PERMISSIONS, READ, levelSizes, nodeIdSql, prng } from './shape.js';

export const SHAPE = {
  users: 20_000,
  groups: 1_000,
  membersPerGroup: 10,
  roles: 40,
  grants: 100_000,
  groupGrantShare: 0.1,
};

/** The two users whose lists are measured, and what they reach. */
export const READER_10 = { id: '00000000-0000-7000-8000-00000000b010', email: 'reader10@bench.local' };
export const READER_01 = { id: '00000000-0000-7000-8000-00000000b001', email: 'reader01@bench.local' };
const READER_GROUP = '00000000-0000-7000-8000-00000000b0a0';
const READER_ROLE = '00000000-0000-7000-8000-00000000b0c0';
const NOISE_ROLE = '00000000-0000-7000-8000-00000000b0c1';

/**
 * Fills an empty, migrated database with the benchmark's tree, principals and grants, all with
 * set-based SQL. Secondary indexes of scope_nodes are dropped during the load and rebuilt after
 * from their own definitions, which is much faster than maintaining a GIN index row by row.
 */
export async function generate(client: pg.Client, totalNodes: number, log: (line: string) => void) {
  const sizes = levelSizes(totalNodes);
  const step = async (label: string, sql: string) => {
    const started = performance.now();
    await client.query(sql);
    log(`  ${label.padEnd(44)} ${((performance.now() - started) / 1000).toFixed(1)} s`);
  };
  await client.query(`SET maintenance_work_mem = '512MB'; SET synchronous_commit = off; SELECT setseed(0.4242)`);
  // Rows are consistent by construction; skipping per-row foreign-key triggers halves the load time.
  await client.query(`SET session_replication_role = replica`);

  const { rows: indexes } = await client.query(
    `SELECT indexname, indexdef FROM pg_indexes i WHERE tablename = 'scope_nodes'
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
  );
  for (const index of indexes) await client.query(`DROP INDEX ${index.indexname}`);

  await step(
    `helper functions`,
    `
    CREATE FUNCTION bench_node(level int, i bigint) RETURNS uuid LANGUAGE sql IMMUTABLE PARALLEL SAFE
      AS $$ SELECT ${nodeIdSql('level', 'i')} $$;
    -- the node with ordinal r in 0 .. total-1, counting level by level
    CREATE FUNCTION bench_node_by_ordinal(r bigint) RETURNS uuid LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
      SELECT CASE ${sizes
        .map((_, k) => {
          const before = sizes.slice(0, k).reduce((a, b) => a + b, 0);
          return `WHEN r < ${before + sizes[k]} THEN bench_node(${k + 1}, r - ${before})`;
        })
        .join(' ')} END $$;`,
  );

  for (let level = 1; level <= sizes.length; level++) {
    const ancestors = Array.from({ length: level - 1 }, (_, k) => `bench_node(${k + 1}, i % ${sizes[k]})`);
    const parent = ancestors.length ? ancestors[ancestors.length - 1] : `'${SYSTEM_NODE_ID}'::uuid`;
    await step(
      `scope_nodes level ${level} (${sizes[level - 1].toLocaleString('en')} ${LEVEL_KINDS[level - 1]})`,
      `
      INSERT INTO scope_nodes (id, kind, parent_id, path, label)
      SELECT bench_node(${level}, i), '${LEVEL_KINDS[level - 1]}', ${parent},
             ARRAY['${SYSTEM_NODE_ID}'::uuid, ${[...ancestors, `bench_node(${level}, i)`].join(', ')}], '${LEVEL_KINDS[level - 1]} ' || i
        FROM generate_series(0, ${sizes[level - 1] - 1}) i`,
    );
  }
  for (const index of indexes) await step(`index ${index.indexname}`, index.indexdef);

  await step(
    `${SHAPE.users.toLocaleString('en')} users`,
    `
    INSERT INTO users (id, email, display_name, is_active)
    SELECT md5('u:' || i)::uuid, 'user' || i || '@bench.local', 'User ' || i, true FROM generate_series(1, ${SHAPE.users}) i;
    INSERT INTO users (id, email, display_name) VALUES ('${READER_10.id}', '${READER_10.email}', 'Reader 10%'), ('${READER_01.id}', '${READER_01.email}', 'Reader 0.1%')`,
  );

  // Roles: half of them carry the measured permission, each with a random handful of others.
  const random = prng(7);
  const roles = Array.from({ length: SHAPE.roles }, (_, k) => {
    const others = OTHER_PERMISSIONS.filter(() => random() < 0.4);
    return { k, permissions: k % 2 === 0 ? [READ, ...others] : others };
  });
  for (const role of roles) {
    await client.query(
      `INSERT INTO roles (id, code, name, permissions) VALUES (md5('r:' || $1)::uuid, 'bench-role-' || $1, 'Bench role ' || $1, $2)`,
      [role.k, role.permissions],
    );
  }
  await client.query(`INSERT INTO roles (id, code, name, permissions) VALUES
    ('${READER_ROLE}', 'bench-reader', 'Reader', ARRAY['${READ}', 'bench.service.read']),
    ('${NOISE_ROLE}', 'bench-ticket-desk', 'Ticket desk', ARRAY['bench.ticket.read', 'bench.ticket.write'])`);

  await step(
    `${SHAPE.groups.toLocaleString('en')} groups, ${(SHAPE.groups * SHAPE.membersPerGroup).toLocaleString('en')} memberships`,
    `
    INSERT INTO user_groups (id, name) SELECT md5('g:' || i)::uuid, 'Group ' || i FROM generate_series(1, ${SHAPE.groups}) i;
    INSERT INTO user_group_members (group_id, user_id)
    SELECT md5('g:' || g)::uuid, md5('u:' || (1 + floor(random() * ${SHAPE.users}))::int)::uuid
      FROM generate_series(1, ${SHAPE.groups}) g, generate_series(1, ${SHAPE.membersPerGroup}) m
    ON CONFLICT DO NOTHING`,
  );

  const groupGrants = Math.round(SHAPE.grants * SHAPE.groupGrantShare);
  await step(
    `${SHAPE.grants.toLocaleString('en')} random grants`,
    `
    INSERT INTO grants (id, user_id, group_id, role_id, node_id)
    SELECT md5('gr:' || i)::uuid,
           CASE WHEN i > ${groupGrants} THEN md5('u:' || (1 + floor(random() * ${SHAPE.users}))::int)::uuid END,
           CASE WHEN i <= ${groupGrants} THEN md5('g:' || (1 + floor(random() * ${SHAPE.groups}))::int)::uuid END,
           md5('r:' || floor(random() * ${SHAPE.roles})::int)::uuid,
           bench_node_by_ordinal(floor(random() * ${totalNodes})::bigint)
      FROM generate_series(1, ${SHAPE.grants}) i
    ON CONFLICT DO NOTHING`,
  );

  // Reader 10%: five level-2 nodes directly and five through a group (each level-2 node holds a
  // hundredth of the tree), plus grants of a role without the permission and an unrelated group.
  // Reader 0.1%: ten level-4 nodes (about a hundred nodes each).
  await step(
    `the two measured readers`,
    `
    INSERT INTO user_groups (id, name) VALUES ('${READER_GROUP}', 'Readers');
    INSERT INTO user_group_members (group_id, user_id) VALUES ('${READER_GROUP}', '${READER_10.id}'), (md5('g:1')::uuid, '${READER_10.id}');
    INSERT INTO grants (id, user_id, group_id, role_id, node_id)
    SELECT md5('r10:' || i)::uuid, CASE WHEN i < 5 THEN '${READER_10.id}'::uuid END, CASE WHEN i >= 5 THEN '${READER_GROUP}'::uuid END,
           '${READER_ROLE}', bench_node(2, i) FROM generate_series(0, 9) i;
    INSERT INTO grants (id, user_id, role_id, node_id)
    SELECT md5('r10n:' || i)::uuid, '${READER_10.id}', '${NOISE_ROLE}', bench_node(2, 50 + i) FROM generate_series(0, 9) i;
    INSERT INTO grants (id, user_id, role_id, node_id)
    SELECT md5('r01:' || i)::uuid, '${READER_01.id}', '${READER_ROLE}', bench_node(4, i * 997) FROM generate_series(0, 9) i`,
  );

  await step(
    `customers-like table, ${totalNodes.toLocaleString('en')} rows`,
    `
    CREATE TABLE bench_customers (id uuid PRIMARY KEY, name text NOT NULL, city text NOT NULL);
    INSERT INTO bench_customers (id, name, city)
    SELECT n.id,
           (ARRAY['Dvořák','Novák','Svoboda','Černý','Procházka','Kučera','Veselý','Horák','Němec','Marek',
                  'Pospíšil','Hájek','Jelínek','Král','Růžička','Beneš','Fiala','Sedláček','Doležal','Zeman'])[1 + floor(random() * 20)::int]
           || ' ' || (ARRAY['Jan','Petr','Pavel','Jiří','Tomáš','Lukáš','Eva','Jana','Marie','Lenka','Šárka','Žofie','Ondřej','Filip','Věra'])[1 + floor(random() * 15)::int]
           || ' ' || (1 + floor(random() * 100000)::int),
           (ARRAY['Praha','Brno','Ostrava','Plzeň','Olomouc'])[1 + floor(random() * 5)::int]
      FROM scope_nodes n WHERE n.id <> '${SYSTEM_NODE_ID}'`,
  );
  await step(`index bench_customers (name, id)`, `CREATE INDEX bench_customers_name ON bench_customers (name, id)`);
  await client.query(`SET session_replication_role = origin`);
  await step(`VACUUM ANALYZE`, `VACUUM ANALYZE`);
  await client.query(
    `CREATE TABLE bench_meta (nodes int NOT NULL, generated_at timestamptz NOT NULL DEFAULT now()); INSERT INTO bench_meta (nodes) VALUES (${totalNodes})`,
  );
}
