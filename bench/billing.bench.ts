/**
 * The billing benchmark (`npm run bench -- billing`): on BENCH_BILLING_CUSTOMERS customers (default
 * 1,000,000) with 12 monthly invoices each, generated set-based — eleven months paid (a few days
 * early or late), the current month open, 1% of the customers two months behind — it measures the
 * import and matching of a statement of 100,000 payments, the suspension job, the full standings
 * refresh and a customer's balance-and-score read, then the import of invoices from another system
 * (BENCH_BILLING_IMPORTED, default 100,000). Runs the server's own services against a
 * PostgreSQL of its own (or a database made on DATABASE_URL's server).
 *
 *   BENCH_BILLING_CUSTOMERS=100000 npm run bench -- billing
 *
 * BENCH_BILLING_REUSE=1 keeps the generated database (`clientele_bench_billing_<customers>`) and
 * measures on a copy of it (`CREATE DATABASE … TEMPLATE`), so a later run skips the generation
 * (about half an hour at 1M) and starts from the same state.
 */
import 'reflect-metadata';
import { writeFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { ClienteleConfig, RequestContext, createDatabase, dropDatabase, startEmbeddedPostgres } from '@clientele/core';
import { createApp } from '../apps/server/app.js';
import { projectRoot } from '../apps/server/paths.js';
import { AddressBooksService } from '../plugins/contacts/hierarchy/address-books.service.js';
import { BillingGroupsService } from '../plugins/billing-groups/groups/billing-groups.service.js';
import { BillingAccountsService } from '../plugins/billing-groups/accounts/billing-accounts.service.js';
import { CustomerStandings } from '../plugins/billing-groups/accounts/customer-standings.js';
import { StatementImportService } from '../plugins/billing-groups/payments/statement-import.service.js';
import { SuspensionService } from '../plugins/billing-groups/suspension/suspension.service.js';
import { InvoiceImportService } from '../plugins/billing-groups/invoice-imports/invoice-import.service.js';
import { Figure, hardware, ms, printTable } from './support/report.js';

const CUSTOMERS = Number(process.env.BENCH_BILLING_CUSTOMERS ?? 1_000_000);
const PAYMENTS = Number(process.env.BENCH_BILLING_PAYMENTS ?? 100_000);
const READS = 2_000;
const IMPORTED = Number(process.env.BENCH_BILLING_IMPORTED ?? 100_000);
const ACCOUNT = '2000145399';
const PRICE = 59_900;
const system = RequestContext.system();

const seconds = (began: number) => (Date.now() - began) / 1000;
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))];

/**
 * Customers (scope nodes and cards; the contacts triggers run as for any insert), a consumer and a
 * service for the non-payers, their invoices with the payments and allocations that paid them.
 * Every 100th customer has left the two months before the current one unpaid.
 */
async function generate(db: DataSource, bookId: string) {
  await db.query(
    `CREATE UNLOGGED TABLE bench_customers AS
    SELECT i, clientele_uuid_v7() AS id, lpad(i::text, 7, '0') AS number FROM generate_series(1, $1) i`,
    [CUSTOMERS],
  );
  await db.query(`ALTER TABLE bench_customers ADD PRIMARY KEY (i)`);
  await db.query(
    `INSERT INTO scope_nodes (id, kind, parent_id, path, label)
    SELECT b.id, 'customer', $1, p.path || b.id, 'Zákazník ' || b.number FROM bench_customers b, scope_nodes p WHERE p.id = $1`,
    [bookId],
  );
  await db.query(
    `INSERT INTO contacts_customers (id, number, address_book_id, name)
    SELECT id, number, $1, 'Zákazník ' || number FROM bench_customers`,
    [bookId],
  );
  const [{ id: templateId }] = await db.query(
    `INSERT INTO contacts_service_templates (id, code, name) VALUES (clientele_uuid_v7(), 'bench', 'Internet') RETURNING id`,
  );
  await db.query(
    `INSERT INTO contacts_consumers (id, customer_id, name) SELECT id, id, 'Zákazník ' || number FROM bench_customers WHERE i % 100 = 0`,
  );
  await db.query(
    `INSERT INTO contacts_services (id, consumer_id, customer_id, template_id, name, status, settings)
    SELECT clientele_uuid_v7(), id, id, $1, 'Internet', 'active', '{}' FROM bench_customers WHERE i % 100 = 0`,
    [templateId],
  );
}

async function invoices(db: DataSource, groupId: string) {
  // Month 1 is eleven months ago, month 12 the current one; each issued on the 1st, due on the 15th.
  await db.query(`CREATE UNLOGGED TABLE bench_invoices AS
    SELECT b.i, b.id AS customer_id, m, clientele_uuid_v7() AS id,
           (date_trunc('month', current_date) - make_interval(months => 12 - m))::date AS issued_on,
           (date_trunc('month', current_date) - make_interval(months => 12 - m))::date + 14 AS due_on,
           m < 12 AND NOT (b.i % 100 = 0 AND m IN (10, 11)) AS paid,
           ((b.i * 7 + m * 3) % 11) - 5 AS days_late
      FROM bench_customers b CROSS JOIN generate_series(1, 12) m`);
  await db.query(
    `INSERT INTO billing_invoices (id, group_id, customer_id, number, period, sequence, issued_on, due_on, currency, lines,
                                               total_minor, paid_minor, status, paid_on, variable_symbol)
    SELECT id, $1, customer_id, 'B' || to_char(issued_on, 'YYYY') || lpad(seq::text, 8, '0'), to_char(issued_on, 'YYYY'), seq, issued_on, due_on, 'CZK',
           '[{"description": "Internet 100 Mbit/s", "quantity": 1, "unitPriceMinor": ${PRICE}, "totalMinor": ${PRICE}}]',
           ${PRICE}, CASE WHEN paid THEN ${PRICE} ELSE 0 END, CASE WHEN paid THEN 'paid' ELSE 'open' END,
           CASE WHEN paid THEN due_on + days_late END, ltrim(number, '0')
      FROM (SELECT v.*, c.number, row_number() OVER (PARTITION BY extract(year FROM v.issued_on) ORDER BY v.issued_on, v.i) AS seq
              FROM bench_invoices v JOIN bench_customers c ON c.i = v.i) s`,
    [groupId],
  );
  await db.query(
    `INSERT INTO billing_number_counters (group_id, period, last_value)
    SELECT $1, period, max(sequence) FROM billing_invoices GROUP BY period`,
    [groupId],
  );
  // One payment per paid invoice, on the day it was paid, and the allocation that paid it (the payment takes the invoice's id).
  const [{ id: statementId }] = await db.query(`INSERT INTO billing_statements (id, format, digest, file, status)
    VALUES (clientele_uuid_v7(), 'gpc', 'bench-history', '', 'imported') RETURNING id`);
  await db.query(
    `INSERT INTO billing_payments (id, statement_id, bank_key, received_on, amount_minor, allocated_minor, currency, variable_symbol, group_id, customer_id, matched_by)
    SELECT v.id, $1, 'bench:' || v.id, v.issued_on + 14 + v.days_late, ${PRICE}, ${PRICE}, 'CZK', ltrim(c.number, '0'), $2, v.customer_id, 'symbol'
      FROM bench_invoices v JOIN bench_customers c ON c.i = v.i WHERE v.paid`,
    [statementId, groupId],
  );
  await db.query(`INSERT INTO billing_allocations (id, payment_id, invoice_id, amount_minor)
    SELECT clientele_uuid_v7(), id, id, ${PRICE} FROM bench_invoices WHERE paid`);
}

/** A statement paying the current month's invoice of the first customers: exact, partial, over, and 2% quoting unknown symbols. */
function statement(): Buffer {
  const day = new Date();
  const ddmmyy = `${String(day.getDate()).padStart(2, '0')}${String(day.getMonth() + 1).padStart(2, '0')}${String(day.getFullYear()).slice(2)}`;
  const lines = [
    `074${ACCOUNT.padStart(16, '0')}${'Bench účet'.padEnd(20)}${ddmmyy}${'0'.repeat(14)}+${'0'.repeat(14)}+${'0'.repeat(14)}0${'0'.repeat(14)}0001${ddmmyy}${' '.repeat(14)}`,
  ];
  for (let n = 1; n <= PAYMENTS; n++) {
    const customer = ((n * 7) % CUSTOMERS) + 1;
    const symbol = n % 50 === 0 ? String(9_000_000_000 + n) : String(customer);
    const amount = n % 20 === 0 ? PRICE / 2 : n % 33 === 0 ? PRICE * 2 : PRICE;
    lines.push(
      `075${ACCOUNT.padStart(16, '0')}${'0'.repeat(16)}${String(n).padStart(13, '0')}${String(amount).padStart(12, '0')}2${symbol.padStart(10, '0')}${'0'.repeat(20)}${ddmmyy}${'Plátce'.padEnd(20)}00203${ddmmyy}`,
    );
  }
  return iconv.encode(lines.join('\r\n') + '\r\n', 'win1250');
}

function configured(url: string) {
  process.env.CLIENTELE_SCHEDULER = 'off';
  process.env.CLIENTELE_WORKERS = 'off';
  const config = new ClienteleConfig(
    {
      plugins: ['contacts', 'billing-groups'],
      settings: { 'billing-groups': { suspendNonPayers: true, suspendAfterDays: 30, suspendMinimumMinor: 10_000 } },
    },
    projectRoot,
    { ...process.env, CLIENTELE_PLUGINS: undefined },
  );
  return createApp({ databaseUrl: url, config, logLevel: 'silent' });
}

/** The customers, their accounts and their year of invoices, payments and allocations, vacuumed and analysed. */
async function populate(url: string): Promise<Figure[]> {
  const app = await configured(url);
  const figures: Figure[] = [];
  try {
    const db = app.get(DataSource);
    const book = await app.get(AddressBooksService).create({ name: 'Bench' }, system);
    const group = await app
      .get(BillingGroupsService)
      .create(system, { name: 'Bench s.r.o.', ibans: ['CZ6508000000192000145399'], numberPattern: 'B{YYYY}{seq:8}' });

    let began = Date.now();
    await generate(db, book.id);
    figures.push({
      measure: `generate ${CUSTOMERS} customers (scope nodes, cards with their search triggers)`,
      value: `${seconds(began).toFixed(1)} s`,
    });

    began = Date.now();
    const adopted = await app.get(BillingAccountsService).adopt(system);
    figures.push({
      measure: `billing accounts for ${adopted} customers (set-based, with symbols and history)`,
      value: `${seconds(began).toFixed(1)} s`,
    });

    began = Date.now();
    await invoices(db, group.id);
    figures.push({
      measure: `generate ${CUSTOMERS * 12} invoices, their payments and allocations`,
      value: `${seconds(began).toFixed(1)} s`,
    });
    await db.query('VACUUM ANALYZE');
  } finally {
    await app.close();
  }
  return figures;
}

/** A CSV as another billing system exports it: one invoice for each of the first customers, every other one paid. */
function importedInvoices() {
  const year = new Date().getFullYear() - 2;
  const lines = ['number,customer_number,issued_on,due_on,currency,state,paid_on,total,description'];
  for (let i = 1; i <= IMPORTED; i++) {
    const customer = String(((i * 10) % CUSTOMERS) + 1).padStart(7, '0');
    const paid = i % 2 === 0;
    lines.push(
      `OLD-${i},${customer},${year}-03-01,${year}-03-15,CZK,${paid ? `paid,${year}-03-12` : 'open,'},599.00,Internet 100 Mbit/s`,
    );
  }
  return lines.join('\n') + '\n';
}

async function bench(url: string): Promise<Figure[]> {
  const app = await configured(url);
  const figures: Figure[] = [];
  try {
    const db = app.get(DataSource);
    const [{ server_version: version }] = await db.query('SHOW server_version');
    figures.push(...hardware(`PostgreSQL ${version}`));
    // Other work on the machine slows every measure; the 1, 5 and 15 minute load averages say how much.
    const load = () =>
      loadavg()
        .map((n) => n.toFixed(1))
        .join(' / ');
    figures.push({ measure: 'load average before the measures (1 / 5 / 15 min)', value: load() });
    let began = Date.now();
    // The nightly job's full recompute, run on empty standings as on the first night.
    await app.get(BillingAccountsService).refreshAll();
    const refresh = seconds(began);
    figures.push({
      measure: `standings (balance, score) computed for all ${CUSTOMERS} customers, first time (the nightly job)`,
      value: `${refresh.toFixed(1)} s`,
      target: '≤ 30 s',
      met: refresh <= 30,
    });
    await db.query('VACUUM ANALYZE billing_standings');

    const file = statement();
    began = Date.now();
    const result = await app.get(StatementImportService).importNow(system, 'gpc', file);
    const imported = seconds(began);
    figures.push({
      measure: `import and match a GPC statement of ${PAYMENTS} payments (${result?.matched} matched, ${result?.unmatched} unmatched)`,
      value: `${imported.toFixed(1)} s`,
      target: '≤ 30 s',
      met: imported <= 30 && result?.payments === PAYMENTS,
    });
    await db.query(
      'VACUUM ANALYZE billing_payments, billing_allocations, billing_invoices, billing_standings, billing_accounts',
    );

    began = Date.now();
    const run = await app.get(SuspensionService).run(system);
    const suspension = seconds(began);
    figures.push({
      measure: `suspension job: ${run.suspended} suspended, ${run.restored} restored, of ${CUSTOMERS}`,
      value: `${suspension.toFixed(1)} s`,
      target: '≤ 10 s',
      met: suspension <= 10,
    });
    began = Date.now();
    const again = await app.get(SuspensionService).run(system);
    figures.push({
      measure: `suspension job again (${again.suspended} suspended, ${again.restored} restored)`,
      value: `${seconds(began).toFixed(1)} s`,
      target: '≤ 10 s',
      met: seconds(began) <= 10,
    });

    await db.query(
      `UPDATE billing_standings SET score_total = 0 WHERE customer_id IN (SELECT id FROM bench_customers WHERE i % 10 = 0)`,
    );
    began = Date.now();
    await app.get(BillingAccountsService).refreshAll();
    const full = seconds(began);
    figures.push({
      measure: `scoring refreshed for all ${CUSTOMERS} customers (the nightly job, 10% changed)`,
      value: `${full.toFixed(1)} s`,
      target: '≤ 30 s',
      met: full <= 30,
    });

    figures.push({ measure: 'load average after the jobs (1 / 5 / 15 min)', value: load() });

    const ids: string[] = (await db.query(`SELECT id FROM bench_customers ORDER BY random() LIMIT $1`, [READS])).map(
      (r: { id: string }) => r.id,
    );
    const standings = app.get(CustomerStandings);
    for (const id of ids.slice(0, 200)) await standings.read([id]);
    const times: number[] = [];
    for (const id of ids) {
      const t0 = process.hrtime.bigint();
      await standings.read([id]);
      times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    times.sort((a, b) => a - b);
    const p95 = percentile(times, 95);
    figures.push({
      measure: `a customer's balance and score (${READS} random customers)`,
      value: `p95 ${ms(p95)} (p50 ${ms(percentile(times, 50))})`,
      target: 'p95 ≤ 5 ms',
      met: p95 <= 5,
    });

    // Last, as it changes what the jobs above measure: invoices from another system, one for each
    // of IMPORTED customers, every other one paid.
    const csv = join(tmpdir(), `clientele-bench-invoices-${process.pid}.csv`);
    writeFileSync(csv, importedInvoices());
    began = Date.now();
    const fromElsewhere = await app.get(InvoiceImportService).importNow(system, csv);
    rmSync(csv, { force: true });
    figures.push({
      measure: `import ${IMPORTED} invoices from another system's CSV (${fromElsewhere.imported} imported, ${fromElsewhere.rejected} refused)`,
      value: `${seconds(began).toFixed(1)} s`,
    });
  } finally {
    await app.close();
  }
  return figures;
}

async function databaseExists(server: string, name: string) {
  const client = new pg.Client({ connectionString: server });
  await client.connect();
  try {
    return Boolean((await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount);
  } finally {
    await client.end();
  }
}

async function copyDatabase(server: string, template: string, name: string) {
  const client = new pg.Client({ connectionString: server });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name}" TEMPLATE "${template}" STRATEGY FILE_COPY`);
  } finally {
    await client.end();
  }
  const url = new URL(server);
  url.pathname = `/${name}`;
  return url.toString();
}

async function run() {
  const name = `clientele_bench_billing_${Date.now()}`;
  const embedded = process.env.DATABASE_URL
    ? null
    : await startEmbeddedPostgres(join(projectRoot, 'data', 'bench-billing', 'postgres'));
  const server = process.env.DATABASE_URL ?? embedded!.url;
  const reuse = process.env.BENCH_BILLING_REUSE === '1';
  const generated = `clientele_bench_billing_${CUSTOMERS}`;
  try {
    const figures: Figure[] = [];
    let url: string;
    if (!reuse) {
      url = await createDatabase(server, name);
      figures.push(...(await populate(url)));
    } else {
      if (!(await databaseExists(server, generated)))
        figures.push(...(await populate(await createDatabase(server, generated))));
      url = await copyDatabase(server, generated, name);
    }
    figures.push(...(await bench(url)));
    printTable(`Clientele billing benchmark (${CUSTOMERS} customers)`, figures);
    process.exitCode = figures.every((f) => f.met !== false) ? 0 : 1;
  } finally {
    if (process.env.BENCH_KEEP !== '1') await dropDatabase(server, name);
    await embedded?.stop();
  }
  process.exit(process.exitCode);
}

await run();
