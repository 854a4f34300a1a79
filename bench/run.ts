/**
 * `npm run bench`: Clientele's contacts at 100,000 and 1,000,000 customers on this machine.
 * Seeds through the CSV import (P3), then measures customer-by-id against a bare node:http + pg
 * handler (P1), search as a staff user who sees 10% of the customers (P2) and the admin list
 * page. Prints one table; details and how to read it in docs/performance.md.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { createDatabase, dropDatabase, startEmbeddedPostgres } from '@clientele/core';
import { projectRoot, runtimeBase } from '../apps/server/paths.js';
import { writeCustomersCsv } from './fixtures/customers-csv.js';
import { load } from './support/load.js';
import { startServer, runMeasured, stopAll, Server } from './support/processes.js';
import { Figure, hardware, ms, printTable } from './support/report.js';
import { Api, signIn } from './support/api.js';

const BOOKS = 20;
const VISIBLE_BOOKS = 2;
const ADMIN = { email: 'bench-admin@bench.local', password: 'bench-admin-password' };
const STAFF = { email: 'bench-staff@bench.local', password: 'bench-staff-password' };
const SIZES = (process.env.BENCH_SIZES ?? '100000,1000000').split(',').map(Number);
const LOAD_SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const IMPORT_HEAP_MB = Number(process.env.BENCH_IMPORT_HEAP_MB ?? 128);
/** `import`: stop after P3 (the searches need minutes of their own); `measure`: skip set-up and P3, measure the database an earlier run left. */
const ONLY_IMPORT = process.env.BENCH_ONLY === 'import';
const ONLY_MEASURE = process.env.BENCH_ONLY === 'measure';
const dataDir = join(projectRoot, 'data', 'bench');
const bookName = (i: number) => `Bench book ${String(i + 1).padStart(2, '0')}`;
const numberOf = (i: number) => `B${String(i + 1).padStart(7, '0')}`;
const server = (script: string) => new URL(`./servers/${script}`, import.meta.url);

async function postgres() {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, stop: async () => {} };
  return startEmbeddedPostgres(join(dataDir, 'postgres'));
}

/** Address books, a staff user holding Administrator on 10% of them, and tokens for both users. */
async function setUp(app: Server) {
  const admin = await signIn(app.url, ADMIN);
  for (let i = 0; i < BOOKS; i++) await admin.post('/api/address-books', { name: bookName(i) });
  const books: { id: string; name: string }[] = (await admin.get('/api/address-books?limit=100')).items;
  const created = await admin.post('/api/users', {
    email: STAFF.email,
    displayName: 'Bench staff',
    password: STAFF.password,
  });
  const staffUser = created.user ?? created;
  const roles = await admin.get('/api/roles?filter[isBuiltin]=true');
  const role = roles.items.find((r: { code: string }) => r.code === 'administrator');
  const visible = books.filter((b) => [bookName(0), bookName(1)].slice(0, VISIBLE_BOOKS).includes(b.name));
  for (const book of visible)
    await admin.post('/api/grants', { userId: staffUser.id, roleId: role.id, nodeId: book.id });
  return { admin, staff: await signIn(app.url, STAFF), visible };
}

/** Search terms of each kind, taken from customers the staff user may see. */
async function searchTerms(db: pg.Client, bookIds: string[]) {
  const { rows } = await db.query(
    `SELECT number, name, email, phone FROM contacts_customers WHERE address_book_id = ANY($1) AND email IS NOT NULL AND phone LIKE '+420%'
      ORDER BY number OFFSET 1234 LIMIT 1`,
    [bookIds],
  );
  const c = rows[0];
  const nationalPhone = `${c.phone.slice(4, 7)} ${c.phone.slice(7, 10)} ${c.phone.slice(10)}`;
  return [
    { kind: 'surname without diacritics (dvorakova)', q: 'dvorakova' },
    { kind: 'name prefix (Nov)', q: 'Nov' },
    { kind: 'two words (novak jan)', q: 'novak jan' },
    { kind: `customer number (${c.number})`, q: c.number },
    { kind: 'number prefix', q: c.number.slice(0, 6) },
    { kind: `phone, national format (${nationalPhone})`, q: nationalPhone },
    { kind: 'e-mail', q: c.email },
    { kind: 'typo (dvorzakova)', q: 'dvorzakova' },
  ];
}

async function measureSearch(
  app: Server,
  token: string,
  terms: { kind: string; q: string }[],
  label: string,
): Promise<Figure[]> {
  const figures: Figure[] = [];
  for (const term of terms) {
    const paths = [`/api/customers?q=${encodeURIComponent(term.q)}&limit=50`];
    // Warmed up like P1, so the figure is the search's and not a fresh process's first statements on a cold cache.
    await load({ url: app.url, token, connections: 1, seconds: 0.5, paths });
    const r = await load({ url: app.url, token, connections: 1, seconds: 2, paths });
    figures.push({
      measure: `P2 ${label} search: ${term.kind}`,
      value: `p95 ${ms(r.p95)} (p50 ${ms(r.p50)}, ${r.requests} req${r.non2xx ? `, ${r.non2xx} non-2xx` : ''})`,
      target: 'p95 ≤ 30 ms',
      met: r.p95 <= 30 && !r.non2xx,
    });
  }
  return figures;
}

async function benchSize(serverUrl: string, size: number): Promise<Figure[]> {
  const label = size >= 1_000_000 ? `${size / 1_000_000}M` : `${size / 1000}k`;
  const name = `clientele_bench_${label.toLowerCase()}`;
  if (ONLY_MEASURE) return measure(withDatabase(serverUrl, name), label, size);
  await dropDatabase(serverUrl, name);
  const databaseUrl = await createDatabase(serverUrl, name);
  const env = benchEnv(databaseUrl);
  const figures: Figure[] = [];
  const app = await startServer(server('app-server.js'), env);
  await setUp(app);

  const csv = join(dataDir, `customers-${label}.csv`);
  const generated = await writeCustomersCsv(csv, {
    count: size,
    addressBooks: Array.from({ length: BOOKS }, (_, i) => bookName(i)),
    numberOf,
  });
  console.log(`${label}: ${generated.reused ? 'reusing' : 'generated'} ${csv}; importing…`);
  // V8 grows its heap lazily when memory is plentiful; a cap makes it collect instead (see docs/performance.md).
  const imported = await runMeasured(
    join(runtimeBase, 'apps/cli/main.js'),
    ['import', 'customers', csv],
    env,
    [`--max-old-space-size=${IMPORT_HEAP_MB}`],
    false,
  );
  const summary = /finished: (\d+) imported, (\d+) rejected/.exec(imported.output);
  if (imported.code !== 0 || !summary) throw new Error(`import failed:\n${imported.output.slice(-2000)}`);
  const ownPeak = Number(/peak memory (\d+) MB/.exec(imported.output)?.[1] ?? 0);
  const peak = Math.max(imported.peakRssMb, ownPeak);
  figures.push({
    measure: `P3 import ${label} rows (${summary[1]} imported, ${summary[2]} rejected)`,
    value: `${imported.seconds.toFixed(1)} s`,
    target: size >= 1_000_000 ? '≤ 60 s' : undefined,
    met: size >= 1_000_000 ? imported.seconds <= 60 : undefined,
  });
  figures.push({
    measure: `P3 import ${label}: peak RSS of the importing process (heap cap ${IMPORT_HEAP_MB} MB)`,
    value: `${peak.toFixed(0)} MB`,
    target: '≤ 300 MB',
    met: peak <= 300,
  });

  await app.stop();
  if (ONLY_IMPORT) return figures;
  await settle(databaseUrl);
  return [...figures, ...(await measure(databaseUrl, label, size))];
}

/**
 * After a bulk load autovacuum vacuums every new table, for minutes at a million customers, and
 * the measurements would share the two cores with it. The benchmark measures the settled
 * database: that vacuum runs here, before the measurements (not counted in the import).
 */
async function settle(databaseUrl: string) {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    await db.query('VACUUM (ANALYZE)');
  } finally {
    await db.end();
  }
}

const benchEnv = (databaseUrl: string) => ({
  DATABASE_URL: databaseUrl,
  CLIENTELE_PLUGINS: 'contacts',
  BENCH_ADMIN_EMAIL: ADMIN.email,
  BENCH_ADMIN_PASSWORD: ADMIN.password,
});

function withDatabase(serverUrl: string, name: string) {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** P2, P1 and the admin list on a loaded database, from a fresh server process (as after a deploy). */
async function measure(databaseUrl: string, label: string, size: number): Promise<Figure[]> {
  const env = benchEnv(databaseUrl);
  const figures: Figure[] = [];
  const app = await startServer(server('app-server.js'), env);
  const staff = await signIn(app.url, STAFF);
  const admin = await signIn(app.url, ADMIN);
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const books = await db.query(`SELECT id FROM contacts_address_books WHERE name = ANY($1) ORDER BY name`, [
      [bookName(0), bookName(1)].slice(0, VISIBLE_BOOKS),
    ]);
    const bookIds: string[] = books.rows.map((b) => b.id);
    figures.push(...(await measureSearch(app, staff.token, await searchTerms(db, bookIds), label)));
    if (size >= 1_000_000) figures.push(...(await measureById(app, staff, db, bookIds, env)));
    figures.push(...(await measureAdminList(app, admin, label)));
  } finally {
    await db.end();
    await app.stop();
  }
  return figures;
}

/** P1: the same random customers (of the staff user's 10%) through Clientele and through the bare handler. */
async function measureById(
  app: Server,
  staff: Api,
  db: pg.Client,
  bookIds: string[],
  env: Record<string, string>,
): Promise<Figure[]> {
  const { rows } = await db.query(
    `SELECT id FROM contacts_customers WHERE address_book_id = ANY($1) ORDER BY md5(id::text) LIMIT 10000`,
    [bookIds],
  );
  const paths = rows.map((r) => `/api/customers/${r.id}`);
  const check = await staff.get(paths[0]);
  if (!check.id) throw new Error('the staff user cannot read its customers');
  const warm = { url: app.url, token: staff.token, connections: 64, seconds: 2, paths };
  await load(warm);
  const ours = await load({ ...warm, seconds: LOAD_SECONDS });
  const bare = await startServer(server('bare-server.js'), env);
  try {
    await load({ ...warm, url: bare.url, token: undefined });
    const base = await load({ ...warm, url: bare.url, token: undefined, seconds: LOAD_SECONDS });
    const share = ours.requestsPerSecond / base.requestsPerSecond;
    return [
      {
        measure: 'P1 GET /api/customers/:id, 64 connections: Clientele',
        value: `${ours.requestsPerSecond.toFixed(0)} req/s, p99 ${ms(ours.p99)}${ours.non2xx ? `, ${ours.non2xx} non-2xx` : ''}`,
        target: 'p99 ≤ 15 ms',
        met: ours.p99 <= 15 && !ours.non2xx,
      },
      {
        measure: 'P1 same SELECT, bare node:http + pg',
        value: `${base.requestsPerSecond.toFixed(0)} req/s, p99 ${ms(base.p99)}`,
      },
      {
        measure: 'P1 Clientele / bare throughput',
        value: `${(share * 100).toFixed(0)} %`,
        target: '≥ 60 %',
        met: share >= 0.6,
      },
    ];
  } finally {
    await bare.stop();
  }
}

/** The admin UI's customers list (first 50, as the master admin who sees all of them), rendered on the server. */
async function measureAdminList(app: Server, admin: Api, label: string): Promise<Figure[]> {
  const probe = await fetch(`${app.url}/admin/r/customers`, {
    headers: { cookie: `clientele_admin=${admin.token}` },
    redirect: 'manual',
  });
  if (probe.status !== 200)
    return [{ measure: `admin customers list page (${label})`, value: `not measured (HTTP ${probe.status})` }];
  const res = await load({
    url: app.url,
    connections: 1,
    seconds: 3,
    paths: ['/admin/r/customers'],
    headers: { cookie: `clientele_admin=${admin.token}` },
  });
  return [
    {
      measure: `admin customers list page, 50 of ${label} (server render)`,
      value: `p95 ${ms(res.p95)} (p50 ${ms(res.p50)})`,
      target: 'p95 ≤ 50 ms',
      met: res.p95 <= 50 && !res.non2xx,
    },
  ];
}

async function main() {
  mkdirSync(dataDir, { recursive: true });
  const started = Date.now();
  const database = await postgres();
  const figures: Figure[] = [];
  try {
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    const version = (await admin.query('SHOW server_version')).rows[0].server_version;
    await admin.end();
    figures.push(...hardware(`PostgreSQL ${version}`));
    for (const size of SIZES) figures.push(...(await benchSize(database.url, size)));
  } finally {
    stopAll();
    await database.stop();
  }
  figures.push({ measure: 'whole benchmark run', value: `${((Date.now() - started) / 1000).toFixed(0)} s` });
  printTable('Clientele contacts benchmark', figures);
  writeFileSync(join(dataDir, 'results.json'), JSON.stringify({ at: new Date().toISOString(), figures }, null, 2));
  process.exit(0);
}

// `npm run bench -- sla` runs the SLA benchmark (bench/sla.bench.ts) instead; `-- customer-groups` bench/customer-groups.bench.ts.
if (process.argv[2] === 'sla') await import('./sla.bench.js');
else if (process.argv[2] === 'customer-groups') await import('./customer-groups.bench.js');
// `-- billing`: bench/billing.bench.ts.
else if (process.argv[2] === 'billing') await import('./billing.bench.js');
// `-- templates`: bench/templates.bench.ts; `-- templates-crash`: bench/templates-crash.bench.ts.
else if (process.argv[2] === 'templates') await import('./templates.bench.js');
else if (process.argv[2] === 'templates-crash') await import('./templates-crash.bench.js');
// `-- helpdesk`: bench/helpdesk.bench.ts.
else if (process.argv[2] === 'helpdesk') await import('./helpdesk.bench.js');
else {
  main().catch((error) => {
    console.error(error);
    stopAll();
    process.exit(2);
  });
}
