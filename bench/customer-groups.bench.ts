/**
 * The customer-groups benchmark (`npm run bench -- customer-groups`): on a database of a million
 * customers imported through the CSV import, with 50 groups and 5,000 products —
 * - one price for a customer in 5 groups carrying 3 price lists each, through the API;
 * - the whole catalogue of 5,000 products for that customer in one call, each price explained,
 *   and as an order form (`why=false`: the price and the deciding rule only);
 * - the customer list filtered by a group holding 10% of the customers, first page, as the staff
 *   user who sees 10% of them.
 * The groups, lists and memberships are written in SQL (set-based, seconds instead of an hour of
 * API calls); the price rules are then built by the plugin's own statement.
 *
 *   BENCH_GROUPS_CUSTOMERS=1000000 npm run bench -- customer-groups     (BENCH_ONLY=measure reuses the database)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { SYSTEM_NODE_ID, createDatabase, dropDatabase, startEmbeddedPostgres } from '@clientele/core';
import { projectRoot, runtimeBase } from '../apps/server/paths.js';
import { deleteRulesSql, insertRulesSql } from '../plugins/customer-groups/pricing/price-rules-sql.js';
import { writeCustomersCsv } from './fixtures/customers-csv.js';
import { load } from './support/load.js';
import { runMeasured, startServer, stopAll } from './support/processes.js';
import { Figure, hardware, ms, printTable } from './support/report.js';
import { signIn } from './support/api.js';

const SIZE = Number(process.env.BENCH_GROUPS_CUSTOMERS ?? 1_000_000);
const GROUPS = 50;
const PRODUCTS = 5_000;
const BOOKS = 20;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ADMIN = { email: 'bench-admin@bench.local', password: 'bench-admin-password' };
const STAFF = { email: 'bench-staff@bench.local', password: 'bench-staff-password' };
const ONLY_MEASURE = process.env.BENCH_ONLY === 'measure';
const dataDir = join(projectRoot, 'data', 'bench');
const label = SIZE >= 1_000_000 ? `${SIZE / 1_000_000}M` : `${SIZE / 1000}k`;
const name = `clientele_bench_groups_${label.toLowerCase()}`;
const bookName = (i: number) => `Bench book ${String(i + 1).padStart(2, '0')}`;
const numberOf = (i: number) => `B${String(i + 1).padStart(7, '0')}`;
const env = (databaseUrl: string) => ({
  DATABASE_URL: databaseUrl,
  BENCH_PLUGINS: 'contacts,customer-groups',
  CLIENTELE_PLUGINS: 'contacts,customer-groups',
  BENCH_ADMIN_EMAIL: ADMIN.email,
  BENCH_ADMIN_PASSWORD: ADMIN.password,
});
const appServer = new URL('./servers/app-server.js', import.meta.url);

/**
 * Asks `path` over and over, one request at a time, for `seconds`, each timed until its last
 * byte: for answers of megabytes, whose parsing in autocannon's own HTTP parser costs the load
 * driver as much CPU as the server spends answering (both on the same two cores).
 */
async function sequential(url: string, token: string, path: string, seconds: number) {
  const one = () =>
    new Promise<[number, number]>((resolve, reject) => {
      const started = performance.now();
      get(`${url}${path}`, { headers: { authorization: `Bearer ${token}` } }, (res) => {
        res.on('data', () => {});
        res.on('end', () => resolve([performance.now() - started, res.statusCode ?? 0]));
      }).on('error', reject);
    });
  const times: number[] = [];
  let non2xx = 0;
  const until = Date.now() + seconds * 1000;
  while (Date.now() < until) {
    const [time, status] = await one();
    times.push(time);
    if (status >= 300) non2xx++;
  }
  times.sort((a, b) => a - b);
  const at = (p: number) => times[Math.min(times.length - 1, Math.floor((times.length * p) / 100))];
  return { p50: at(50), p95: at(95), requests: times.length, non2xx };
}

async function postgres() {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, stop: async () => {} };
  return startEmbeddedPostgres(join(dataDir, 'postgres'));
}

function databaseOn(serverUrl: string) {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** A million customers through the CSV import, in 20 address books; a staff user holding Administrator on two of them (10%). */
async function customers(serverUrl: string): Promise<string> {
  await dropDatabase(serverUrl, name);
  const databaseUrl = await createDatabase(serverUrl, name);
  const app = await startServer(appServer, env(databaseUrl));
  const admin = await signIn(app.url, ADMIN);
  for (let i = 0; i < BOOKS; i++) await admin.post('/api/address-books', { name: bookName(i) });
  const books: { id: string; name: string }[] = (await admin.get('/api/address-books?limit=100')).items;
  const created = await admin.post('/api/users', {
    email: STAFF.email,
    displayName: 'Bench staff',
    password: STAFF.password,
  });
  const roles = (await admin.get('/api/roles?filter[isBuiltin]=true&limit=500')).items as {
    id: string;
    code: string;
  }[];
  const administrator = roles.find((r) => r.code === 'administrator')!;
  for (const book of books.filter((b) => b.name === bookName(0) || b.name === bookName(1))) {
    await admin.post('/api/grants', {
      userId: (created.user ?? created).id,
      roleId: administrator.id,
      nodeId: book.id,
    });
  }
  await app.stop();
  const csv = join(dataDir, `customers-${label}.csv`);
  await writeCustomersCsv(csv, {
    count: SIZE,
    addressBooks: Array.from({ length: BOOKS }, (_, i) => bookName(i)),
    numberOf,
  });
  console.log(`${label}: importing ${csv}…`);
  const imported = await runMeasured(
    join(runtimeBase, 'apps/cli/main.js'),
    ['import', 'customers', csv],
    env(databaseUrl),
    ['--max-old-space-size=128'],
    false,
  );
  if (imported.code !== 0) throw new Error(`import failed:\n${imported.output.slice(-2000)}`);
  return databaseUrl;
}

/**
 * 50 groups (priority 1 … 50); 5,000 products; the first five groups carry three lists each —
 * every product from any quantity, half of them from 10, a fifth from 100. Group 10 holds every
 * tenth customer; the measured customer (one the staff user sees) is in groups 1 to 5.
 */
async function groupsAndPrices(db: pg.Client) {
  await db.query(
    `INSERT INTO scope_nodes (id, kind, parent_id, path, label)
    SELECT id, 'customer_group', $1::uuid, ARRAY[$1::uuid, id], 'Group ' || n FROM (SELECT gen_random_uuid() AS id, n FROM generate_series(1, ${GROUPS}) n) g`,
    [SYSTEM_NODE_ID],
  );
  await db.query(`INSERT INTO customer_groups (id, code, name, priority)
    SELECT id, 'G' || substr(label, 7), label, substr(label, 7)::int FROM scope_nodes WHERE kind = 'customer_group'`);
  await db.query(`INSERT INTO customer_groups_products (id, code, name, unit, base_price, currency, vat_rate)
    SELECT gen_random_uuid(), 'P' || lpad(n::text, 5, '0'), 'Product ' || n, 'pcs', 100 + n % 900, 'CZK', 21 FROM generate_series(1, ${PRODUCTS}) n`);
  await db.query(`INSERT INTO customer_groups_price_lists (id, name, currency)
    SELECT gen_random_uuid(), 'G' || g || ' list ' || l, 'CZK' FROM generate_series(1, 5) g, generate_series(1, 3) l`);
  await db.query(`INSERT INTO customer_group_price_lists (id, group_id, price_list_id, position)
    SELECT gen_random_uuid(), g.id, l.id, split_part(l.name, ' ', 3)::int
      FROM customer_groups_price_lists l JOIN customer_groups g ON g.code = split_part(l.name, ' ', 1)`);
  await db.query(`INSERT INTO customer_groups_price_list_items (id, price_list_id, product_id, price, min_quantity)
    SELECT gen_random_uuid(), l.id, p.id, p.base_price * (0.95 - 0.01 * gl.position), CASE gl.position WHEN 1 THEN 0 WHEN 2 THEN 10 ELSE 100 END
      FROM customer_groups_price_lists l JOIN customer_group_price_lists gl ON gl.price_list_id = l.id
      JOIN customer_groups_products p ON gl.position = 1 OR (gl.position = 2 AND right(p.code, 1) IN ('0', '2', '4', '6', '8')) OR (gl.position = 3 AND right(p.code, 1) IN ('0', '5'))`);
  const { rows: groups } = await db.query(`SELECT id FROM customer_groups`);
  await db.query(deleteRulesSql, [groups.map((g) => g.id), [], []]);
  await db.query(insertRulesSql, [groups.map((g) => g.id), [], []]);
  await db.query(`INSERT INTO customer_group_memberships (id, group_id, customer_id)
    SELECT gen_random_uuid(), (SELECT id FROM customer_groups WHERE code = 'G10'), c.id FROM contacts_customers c WHERE abs(hashtext(c.id::text)) % 10 = 0`);
  const {
    rows: [customer],
  } = await db.query(
    `SELECT c.id FROM contacts_customers c JOIN contacts_address_books b ON b.id = c.address_book_id
     WHERE b.name = $1 AND abs(hashtext(c.id::text)) % 10 <> 0 ORDER BY c.number LIMIT 1`,
    [bookName(0)],
  );
  await db.query(
    `INSERT INTO customer_group_memberships (id, group_id, customer_id)
    SELECT gen_random_uuid(), id, $1 FROM customer_groups WHERE priority <= 5`,
    [customer.id],
  );
  await db.query('VACUUM (ANALYZE)');
}

async function measure(databaseUrl: string): Promise<Figure[]> {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  const app = await startServer(appServer, env(databaseUrl));
  try {
    const admin = await signIn(app.url, ADMIN);
    const staff = await signIn(app.url, STAFF);
    const {
      rows: [tenth],
    } = await db.query(`SELECT id FROM customer_groups WHERE code = 'G10'`);
    const {
      rows: [customer],
    } = await db.query(
      `SELECT customer_id AS id FROM customer_group_memberships GROUP BY customer_id HAVING count(*) = 5`,
    );
    const { rows: products } = await db.query(`SELECT code FROM customer_groups_products ORDER BY md5(code) LIMIT 500`);
    const {
      rows: [staffUser],
    } = await db.query(`SELECT id FROM users WHERE email = $1`, [STAFF.email]);
    const roles = (await admin.get('/api/roles?filter[isBuiltin]=true&limit=500')).items as {
      id: string;
      code: string;
    }[];
    const manager = roles.find((r) => r.code === 'customer_group_manager')!;
    const granted = await db.query(`SELECT 1 FROM grants WHERE user_id = $1 AND node_id = $2`, [
      staffUser.id,
      tenth.id,
    ]);
    if (!granted.rowCount)
      await admin.post('/api/grants', { userId: staffUser.id, roleId: manager.id, nodeId: tenth.id });

    const run = async (paths: string[], seconds = SECONDS) => {
      await load({ url: app.url, token: staff.token, connections: 1, seconds: 1, paths });
      return load({ url: app.url, token: staff.token, connections: 1, seconds, paths });
    };
    const loadBefore = loadavg();
    const one = await run(products.map((p) => `/api/customers/${customer.id}/prices?product=${p.code}&quantity=12`));
    const whole = async (path: string) => {
      await sequential(app.url, staff.token, path, 1);
      return sequential(app.url, staff.token, path, SECONDS);
    };
    const all = await whole(`/api/customers/${customer.id}/prices?quantity=12`);
    const orderForm = await whole(`/api/customers/${customer.id}/prices?quantity=12&why=false`);
    const list = await run([`/api/customers?filter[group]=${tenth.id}&limit=50`]);
    const members = await run([`/api/customer-groups/${tenth.id}/members?limit=50`]);
    const loadAfter = loadavg();
    const shown = await staff.get(`/api/customers?filter[group]=${tenth.id}&limit=50`);
    const sample = await staff.get(`/api/customers/${customer.id}/prices?product=${products[0].code}&quantity=12`);
    const note = (r: { p50: number; requests: number; non2xx: number }) =>
      `(p50 ${ms(r.p50)}, ${r.requests} req${r.non2xx ? `, ${r.non2xx} non-2xx` : ''})`;
    const averages = (l: number[]) => l.map((n) => n.toFixed(1)).join(' / ');
    return [
      {
        measure: 'load average (1 / 5 / 15 min) before and after measuring (2 cores shared)',
        value: `${averages(loadBefore)}; ${averages(loadAfter)}`,
      },
      {
        measure: `one price, customer in 5 groups × 3 lists (${sample.candidates.length} candidates)`,
        value: `p95 ${ms(one.p95)} ${note(one)}`,
        target: 'p95 ≤ 5 ms',
        met: one.p95 <= 5 && !one.non2xx,
      },
      {
        measure: `whole catalogue of ${PRODUCTS} products in one call, each price explained`,
        value: `p95 ${ms(all.p95)} ${note(all)}`,
        target: '≤ 150 ms',
        met: all.p95 <= 150 && !all.non2xx,
      },
      {
        measure: `whole catalogue of ${PRODUCTS} products in one call as an order form (why=false)`,
        value: `p95 ${ms(orderForm.p95)} ${note(orderForm)}`,
        target: '≤ 150 ms',
        met: orderForm.p95 <= 150 && !orderForm.non2xx,
      },
      {
        measure: `customer list filtered by a 10% group, first page, 10% staff user (total ${shown.total}${shown.totalIsEstimate ? ', estimated' : ''})`,
        value: `p95 ${ms(list.p95)} ${note(list)}`,
        target: 'p95 ≤ 30 ms',
        met: list.p95 <= 30 && !list.non2xx,
      },
      {
        measure: "the 10% group's member list, first page, same user (only customers it may read)",
        value: `p95 ${ms(members.p95)} ${note(members)}`,
      },
    ];
  } finally {
    await app.stop();
    await db.end();
  }
}

async function main() {
  mkdirSync(dataDir, { recursive: true });
  const database = await postgres();
  const figures: Figure[] = [];
  try {
    const probe = new pg.Client({ connectionString: database.url });
    await probe.connect();
    figures.push(...hardware(`PostgreSQL ${(await probe.query('SHOW server_version')).rows[0].server_version}`));
    await probe.end();
    let databaseUrl = databaseOn(database.url);
    if (!ONLY_MEASURE) {
      const started = Date.now();
      databaseUrl = await customers(database.url);
      const db = new pg.Client({ connectionString: databaseUrl });
      await db.connect();
      await groupsAndPrices(db);
      await db.end();
      figures.push({
        measure: `set-up: ${label} customers imported, groups, lists and memberships written`,
        value: `${((Date.now() - started) / 1000).toFixed(0)} s`,
      });
    }
    figures.push(...(await measure(databaseUrl)));
  } finally {
    stopAll();
    await database.stop();
  }
  printTable(`Clientele customer-groups benchmark (${label} customers)`, figures);
  writeFileSync(
    join(dataDir, 'customer-groups-results.json'),
    JSON.stringify({ at: new Date().toISOString(), figures }, null, 2),
  );
  process.exit(0);
}

main().catch((error) => {
  console.error(error);
  stopAll();
  process.exit(2);
});
