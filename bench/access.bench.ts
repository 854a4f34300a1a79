/**
 * The access-rights benchmark (`npm run bench:access`): 1,000,000 scope nodes of depth 5,
 * 100,000 grants and a customers-like table of 1,000,000 rows on a PostgreSQL of its own, then
 * latency percentiles of `can()` and of access-restricted keyset lists, and their plans.
 *
 *   npm run bench:access                       reuse ./data/bench-access when it holds the same shape
 *   npm run bench:access -- --regenerate       rebuild the data
 *   BENCH_NODES=200000 npm run bench:access    a smaller tree (quick look)
 *   DATABASE_URL=postgres://… npm run bench:access   use that server (a database "clientele_bench_access" is made on it)
 *   BENCH_PARALLEL=on npm run bench:access     the same with PostgreSQL's default parallel query (the server turns it off)
 */
import 'reflect-metadata';
import { execSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { DataSource } from 'typeorm';
import {
  AccessService,
  EXACT_TOTAL_LIMIT,
  ListQueryDto,
  RequestContext,
  SESSION_OPTIONS,
  SnakeNamingStrategy,
  coreMigrations,
  createDatabase,
  dropDatabase,
  migrate,
  paginate,
  startEmbeddedPostgres,
} from '@clientele/core';
// The raw statement, only to print its plan; callers go through AccessService.
import { canSql, reachedNodesSql } from '../libs/core/access/access-sql.js';
import { BenchCustomer } from './access/customer.entity.js';
import { READER_01, READER_10, SHAPE, generate } from './access/generate.js';
import { READ, levelSizes, nodeByOrdinal, prng } from './access/shape.js';
import { Measured, measure, table } from './access/stats.js';

const DATABASE = 'clientele_bench_access';
const totalNodes = Number(process.env.BENCH_NODES ?? 1_000_000);
const regenerate = process.argv.includes('--regenerate');
// The server's own session settings unless BENCH_PARALLEL=on asks for PostgreSQL's defaults.
const parallelOff = process.env.BENCH_PARALLEL !== 'on';
const log = (line = '') => console.log(line);
const CAN_CALLS = 10_000;
const CAN_WARM_UP = 3_000;

const principal = (id: string, email: string) =>
  new RequestContext({
    id,
    email,
    displayName: email,
    isMasterAdmin: false,
    homeNodeId: null,
    activated: true,
    preferences: {},
    tokenId: '',
    tokenKind: 'session',
  });

async function prepareDatabase(serverUrl: string) {
  const admin = new pg.Client({ connectionString: await createDatabase(serverUrl, DATABASE) });
  await admin.connect();
  const meta = await admin.query(`SELECT nodes FROM bench_meta`).catch(() => ({ rows: [] as { nodes: number }[] }));
  await admin.end();
  if (!regenerate && meta.rows[0]?.nodes === totalNodes) {
    log(`reusing the generated data in database ${DATABASE} (pass --regenerate to rebuild it)`);
    return createDatabase(serverUrl, DATABASE);
  }
  await dropDatabase(serverUrl, DATABASE);
  const url = await createDatabase(serverUrl, DATABASE);
  await migrate(url, [{ plugin: 'core', migrations: coreMigrations }]);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  log(
    `generating ${totalNodes.toLocaleString('en')} scope nodes (levels ${levelSizes(totalNodes).join(' / ')}), ${SHAPE.grants.toLocaleString('en')} grants:`,
  );
  const started = performance.now();
  try {
    await generate(client, totalNodes, log);
  } finally {
    await client.end();
  }
  log(`generation took ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return url;
}

async function main() {
  const embedded = process.env.DATABASE_URL
    ? null
    : await startEmbeddedPostgres(join(process.cwd(), 'data', 'bench-access'));
  const serverUrl = process.env.DATABASE_URL ?? embedded!.url;
  const db = new DataSource({
    type: 'postgres',
    url: await prepareDatabase(serverUrl),
    entities: [BenchCustomer],
    namingStrategy: new SnakeNamingStrategy(),
    extra: { max: 4, ...(parallelOff ? { options: SESSION_OPTIONS } : {}) },
  });
  try {
    await db.initialize();
    await run(db);
  } finally {
    await db.destroy().catch(() => {});
    await embedded?.stop();
  }
}

async function run(db: DataSource) {
  const access = new AccessService(db);
  const sizes = levelSizes(totalNodes);
  const random = prng(2024);
  const reader10 = principal(READER_10.id, READER_10.email);
  const reader01 = principal(READER_01.id, READER_01.email);
  const results: Measured[] = [];
  const record = (m: Measured) => {
    results.push(m);
    log(`  ${m.label}: p50 ${m.p50.toFixed(2)} ms, p95 ${m.p95.toFixed(2)} ms, p99 ${m.p99.toFixed(2)} ms`);
  };

  const [{ version }] = await db.query(`SELECT version()`);
  const [{ nodes }] = await db.query(`SELECT count(*)::int AS nodes FROM scope_nodes`);
  const [{ grants }] = await db.query(`SELECT count(*)::int AS grants FROM grants`);
  const visibleCount = async (ctx: RequestContext) => {
    const params: unknown[] = [];
    const [{ count }] = await db.query(
      `SELECT count(*)::int AS count FROM bench_customers c WHERE ${access.filterSql('c.id', READ, ctx, params)}`,
      params,
    );
    return count as number;
  };
  const [seen10, seen01] = [await visibleCount(reader10), await visibleCount(reader01)];
  log(
    `\n${version}\nnproc ${execSync('nproc').toString().trim()}; memory ${execSync('free -h').toString().split('\n')[1].trim().split(/\s+/)[1]}; load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} (other work on the machine skews the figures)`,
  );
  log(`parallel query: ${parallelOff ? 'off (max_parallel_workers_per_gather = 0)' : 'server default'}`);
  log(
    `scope nodes ${nodes.toLocaleString('en')}, grants ${grants.toLocaleString('en')}; reader10 sees ${seen10.toLocaleString('en')} customers (${((100 * seen10) / totalNodes).toFixed(2)}%), reader01 sees ${seen01.toLocaleString('en')} (${((100 * seen01) / totalNodes).toFixed(2)}%)\n`,
  );

  // can(): a third the 10% reader on random nodes, a third holders of random grants somewhere
  // below their grant (allowed), a third random users on random nodes (mostly refused).
  const holders: { user_id: string; id: string }[] = await db.query(`
    SELECT g.user_id, (SELECT n.id FROM scope_nodes n WHERE n.path @> ARRAY[g.node_id] ORDER BY n.id LIMIT 1 OFFSET (abs(hashtext(g.id::text)) % 3)) AS id
      FROM grants g JOIN roles r ON r.id = g.role_id
     WHERE g.user_id IS NOT NULL AND r.permissions @> ARRAY['${READ}'] ORDER BY g.id LIMIT 1000`);
  const users: { id: string }[] = await db.query(`SELECT id FROM users ORDER BY id LIMIT 1000`);
  const callsFrom = (random: () => number, length: number, withHolders = true) =>
    Array.from({ length }, (_, i) => {
      const node = () => nodeByOrdinal(sizes, Math.floor(random() * totalNodes));
      if (i % 3 === 0) return { ctx: reader10, node: node() };
      if (i % 3 === 1 && withHolders) {
        const h = holders[Math.floor(random() * holders.length)];
        return { ctx: principal(h.user_id, 'holder'), node: h.id ?? node() };
      }
      return { ctx: principal(users[Math.floor(random() * users.length)].id, 'someone'), node: node() };
    });
  // A server answers can() for hours; the first few thousand calls of a fresh process run while
  // V8 is still compiling the driver and the access code (1–3 ms pauses, ~1% of calls). So the
  // process warms up first on calls of its own (random nodes, no holder's node), so the measured
  // calls still find their own rows where a fresh database keeps them.
  const warmUp = callsFrom(prng(7), CAN_WARM_UP, false);
  for (const call of warmUp) await access.can(call.ctx, READ, call.node);
  const calls = callsFrom(random, CAN_CALLS);
  let allowed = 0;
  record(
    await measure(
      'can() — mixed users and nodes',
      calls.length,
      async (i) => {
        if (await access.can(calls[i].ctx, READ, calls[i].node)) allowed++;
      },
      { target: 'p99 ≤ 1 ms', note: `after ${CAN_WARM_UP.toLocaleString('en')} warm-up calls` },
      0,
    ),
  );
  results[results.length - 1].note += `; ${((100 * allowed) / calls.length).toFixed(0)}% allowed`;

  // Lists: the first 50 customers by name through restrict + paginate, as every list endpoint does.
  const spec = {
    sorts: { name: { column: 'c.name', value: (c: BenchCustomer) => c.name, type: 'text' as const } },
    defaultSort: 'name',
    idColumn: 'c.id',
  };
  const listQuery = (ctx: RequestContext) =>
    access.restrict(db.getRepository(BenchCustomer).createQueryBuilder('c'), 'c.id', READ, ctx);
  const page = async (ctx: RequestContext, cursor?: string, limit = 50) => {
    const qb = listQuery(ctx);
    const result = await paginate(qb, Object.assign(new ListQueryDto(), { limit, cursor }), spec);
    return { result, sql: qb.getQueryAndParameters() };
  };
  const countSql = (ctx: RequestContext) => {
    const [sql, params] = listQuery(ctx).select('1').getQueryAndParameters();
    return [`SELECT count(*)::int AS count FROM (${sql} LIMIT ${EXACT_TOTAL_LIMIT + 1}) AS counted`, params] as const;
  };
  const timed = (sql: string, params: unknown[]) => () => db.query(sql, params);

  const first10 = await page(reader10);
  record(await measure('first page, 10% reader — rows query', 300, timed(...first10.sql), { target: 'p95 ≤ 30 ms' }));
  record(
    await measure('first page, 10% reader — paginate (rows ∥ total)', 200, () => page(reader10), {
      note: `total ${first10.result.total}${first10.result.totalIsEstimate ? ' (estimate)' : ''}`,
    }),
  );
  const [count10Sql, count10Params] = countSql(reader10);
  record(
    await measure(
      `total, 10% reader — count capped at ${EXACT_TOTAL_LIMIT + 1}`,
      50,
      timed(count10Sql, [...count10Params]),
      {},
      3,
    ),
  );

  const cursors: string[] = [];
  let cursor = first10.result.nextCursor;
  for (let i = 0; i < 10 && cursor; i++) {
    cursors.push(cursor);
    cursor = (await page(reader10, cursor)).result.nextCursor;
  }
  const nextPages = await Promise.all(cursors.map(async (c) => (await page(reader10, c)).sql));
  record(await measure('pages 2–11, 10% reader — rows query', 300, (i) => timed(...nextPages[i % nextPages.length])()));
  record(await measure('pages 2–11, 10% reader — paginate', 200, (i) => page(reader10, cursors[i % cursors.length])));

  let deep = first10.result.nextCursor;
  for (let i = 0; i < 20 && deep; i++) deep = (await page(reader10, deep, 500)).result.nextCursor;
  const deepSql = deep ? (await page(reader10, deep)).sql : null;
  if (deepSql) record(await measure('page after 10,050 rows, 10% reader — rows query', 100, timed(...deepSql), {}, 3));

  const first01 = await page(reader01);
  record(await measure('first page, 0.1% reader — rows query', 50, timed(...first01.sql), {}, 3));
  record(
    await measure(
      'first page, 0.1% reader — paginate (rows ∥ total)',
      50,
      () => page(reader01),
      { note: `total ${first01.result.total}` },
      3,
    ),
  );

  // An experiment, not what restrict() does: read the reached nodes first and bind them as a
  // parameter, so the planner sees the actual array and can pick a plan per user.
  const reached = async (userId: string) => {
    const [{ nodes }] = await db.query(`SELECT ${reachedNodesSql('$1::uuid', '$2::text')} AS nodes`, [userId, READ]);
    return nodes as string[];
  };
  const boundSql = `SELECT c.id, c.name, c.city FROM bench_customers c
     WHERE EXISTS (SELECT 1 FROM scope_nodes acl_n WHERE acl_n.id = c.id AND acl_n.disabled_at IS NULL AND acl_n.path && $1::uuid[])
     ORDER BY c.name, c.id LIMIT 51`;
  const bound = (userId: string) => async () => db.query(boundSql, [await reached(userId)]);
  record(await measure('experiment: reach bound as parameter, 10% reader', 100, bound(READER_10.id), {}, 3));
  record(await measure('experiment: reach bound as parameter, 0.1% reader', 100, bound(READER_01.id), {}, 3));

  log(
    `\nload average at the end ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}\n`,
  );
  log(table(results.map((r) => ({ ...r, note: [r.note, r.target ? verdict(r) : ''].filter(Boolean).join('; ') }))));

  const explain = async (title: string, [sql, params]: readonly [string, unknown[]]) => {
    const plan = await db.query(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${sql}`, params);
    log(`\n-- ${title}\n${sql}\n\n${plan.map((r: any) => r['QUERY PLAN']).join('\n')}`);
  };
  await explain('first page, 10% reader', first10.sql);
  await explain('next page, 10% reader', nextPages[0]);
  await explain('first page, 0.1% reader', first01.sql);
  await explain(`total, 10% reader`, [count10Sql, [...count10Params]]);
  await explain('can()', [canSql, [calls[0].node, READER_10.id, READ]]);
  await explain('experiment: reach bound as parameter, 0.1% reader', [boundSql, [await reached(READER_01.id)]]);
}

function verdict(r: Measured) {
  const [, which, limit] = /(p\d+) ≤ ([\d.]+)/.exec(r.target!) ?? [];
  const value = r[which as 'p95' | 'p99'];
  return value <= Number(limit) ? 'target met' : 'TARGET MISSED';
}

await main();
