/**
 * The helpdesk benchmark (`npm run bench -- helpdesk`): 200,000 tickets with 2,000,000 messages
 * and as many timeline events over 10,000 customers and 20 areas. Measures, through the
 * helpdesk's own services in process (the access rules, paging and SLA included, HTTP not):
 * a staff user's "my areas, open, by deadline" first page; a customer user's own tickets;
 * filing a ticket (routing, SLA, history and events in one transaction). Runs against a
 * PostgreSQL of its own (or a database made on DATABASE_URL's server).
 *
 *   BENCH_HELPDESK_TICKETS=200000 BENCH_HELPDESK_MESSAGES=10 npm run bench -- helpdesk
 */
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import {
  AccessService,
  ClienteleConfig,
  GrantsService,
  RequestContext,
  RolesService,
  UsersService,
  type Principal,
} from '@clientele/core';
import { AddressBooksService, CustomersService } from '@clientele/contacts';
import { createApp } from '../apps/server/app.js';
import { projectRoot } from '../apps/server/paths.js';
import { ContractsService } from '../plugins/sla/contracts/contracts.service.js';
import { AreasService } from '../plugins/helpdesk/areas/areas.service.js';
import { TicketsService } from '../plugins/helpdesk/tickets/tickets.service.js';
import { ticketVisibility } from '../plugins/helpdesk/tickets/ticket-access.js';
import { Figure, hardware, printTable } from './support/report.js';
import { withBenchDatabase } from './support/database.js';

const TICKETS = Number(process.env.BENCH_HELPDESK_TICKETS ?? 200_000);
const MESSAGES = Number(process.env.BENCH_HELPDESK_MESSAGES ?? 10);
const CUSTOMERS = 10_000;
const AREAS = 20;
const RUNS = Number(process.env.BENCH_HELPDESK_RUNS ?? 300);
const system = RequestContext.system();

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))];

async function measure(label: string, target: number, work: (i: number) => Promise<unknown>): Promise<Figure> {
  for (let i = 0; i < 30; i++) await work(i);
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const began = process.hrtime.bigint();
    await work(i + 30);
    times.push(Number(process.hrtime.bigint() - began) / 1e6);
  }
  times.sort((a, b) => a - b);
  const p95 = percentile(times, 95);
  return {
    measure: `${label} (${RUNS} runs)`,
    value: `p95 ${p95.toFixed(1)} ms (p50 ${percentile(times, 50).toFixed(1)}, p99 ${percentile(times, 99).toFixed(1)})`,
    target: `p95 ≤ ${target} ms`,
    met: p95 <= target,
  };
}

const principal = (id: string, email: string, homeNodeId: string | null): Principal => ({
  id,
  email,
  displayName: email,
  isMasterAdmin: false,
  homeNodeId,
  activated: true,
  preferences: {},
  tokenId: '',
  tokenKind: 'session',
});

/** Customers as nodes of the access tree below the address books, tickets below them, messages and timelines: set-based. */
async function generate(db: DataSource, bookIds: string[], areaIds: string[]) {
  const began = Date.now();
  await db.query(
    `CREATE TEMP TABLE bench_customers AS
     SELECT g AS n, gen_random_uuid() AS id, b.id AS book_id, b.path AS book_path
       FROM generate_series(1, $1) g JOIN scope_nodes b ON b.id = ($2::uuid[])[1 + g % array_length($2::uuid[], 1)]`,
    [CUSTOMERS, bookIds],
  );
  await db.query(
    `INSERT INTO scope_nodes (id, kind, parent_id, path, label) SELECT id, 'customer', book_id, book_path || id, 'Bench customer ' || n FROM bench_customers`,
  );
  await db.query(
    `CREATE TEMP TABLE bench_tickets AS
     SELECT g AS n, gen_random_uuid() AS id, c.id AS customer_id, c.book_path || c.id AS customer_path,
            ($2::uuid[])[1 + g % array_length($2::uuid[], 1)] AS area_id,
            (ARRAY['new','new','open','open','open','waiting_for_customer','resolved','resolved','closed','closed'])[1 + (g / 7) % 10] AS state
       FROM generate_series(1, $1) g JOIN bench_customers c ON c.n = 1 + g % $3`,
    [TICKETS, areaIds, CUSTOMERS],
  );
  await db.query(
    `INSERT INTO scope_nodes (id, kind, parent_id, path, label) SELECT id, 'ticket', customer_id, customer_path || id, 'Ticket ' || n FROM bench_tickets`,
  );
  await db.query(
    `INSERT INTO helpdesk_tickets (id, subject, area_id, customer_id, state, severity, sla_due_at, sla_state, created_at, updated_at)
     SELECT id, 'Request ' || n || ' about the line', area_id, customer_id, state, (ARRAY[NULL,'low','normal','high','critical'])[1 + n % 5],
            CASE WHEN state IN ('new','open') THEN now() + make_interval(mins => (n * 7919) % 20000 - 2000) END,
            CASE WHEN state IN ('new','open') THEN 'running' WHEN state = 'waiting_for_customer' THEN 'paused' ELSE 'met' END,
            now() - make_interval(secs => $1 - n), now() - make_interval(secs => $1 - n)
       FROM bench_tickets`,
    [TICKETS],
  );
  await db.query(
    `INSERT INTO helpdesk_messages (id, ticket_id, from_customer, body, private, created_at, updated_at)
     SELECT gen_random_uuid(), t.id, k % 2 = 1, 'Message ' || k || ' on request ' || t.n || ': the line drops in the evening, please check the router',
            false, now() - make_interval(secs => $1 - t.n) + make_interval(mins => k), now()
       FROM bench_tickets t CROSS JOIN generate_series(1, $2) k`,
    [TICKETS, MESSAGES],
  );
  await db.query(
    `INSERT INTO helpdesk_ticket_timeline (ticket_id, at, kind, data)
     SELECT t.id, now() - make_interval(secs => $1 - t.n) + make_interval(mins => k), CASE WHEN k = 0 THEN 'created' WHEN k % 2 = 1 THEN 'customerMessage' ELSE 'staffReply' END, '{}'
       FROM bench_tickets t CROSS JOIN generate_series(0, $2 - 1) k`,
    [TICKETS, MESSAGES],
  );
  await db.query(`VACUUM ANALYZE scope_nodes, helpdesk_tickets, helpdesk_messages, helpdesk_ticket_timeline`);
  return (Date.now() - began) / 1000;
}

async function benchDatabase(url: string): Promise<Figure[]> {
  process.env.CLIENTELE_SCHEDULER = 'off';
  process.env.CLIENTELE_WORKERS = 'off';
  const config = new ClienteleConfig({ plugins: ['contacts', 'sla', 'helpdesk'] }, projectRoot, {
    ...process.env,
    CLIENTELE_PLUGINS: undefined,
  });
  const app = await createApp({ databaseUrl: url, config, logLevel: 'silent' });
  const figures: Figure[] = [];
  try {
    const db = app.get(DataSource);
    const [{ server_version: version }] = await db.query('SHOW server_version');
    figures.push(...hardware(`PostgreSQL ${version}`));

    await app.get(ContractsService).create(system, {
      name: 'Standard',
      defaultLevel: 'normal',
      isDefault: true,
      warningPercents: [80],
      levels: [
        {
          code: 'normal',
          name: 'Normal',
          firstResponseMinutes: 240,
          nextResponseMinutes: 480,
          resolutionMinutes: 2400,
        },
      ],
      pauses: [{ state: 'waiting_for_customer', clocks: ['nextResponse', 'resolution'] }],
    });
    const books: { id: string }[] = [];
    for (let i = 0; i < 20; i++)
      books.push(await app.get(AddressBooksService).create({ name: `Bench book ${i + 1}` }, system));
    const areas: { id: string }[] = [];
    for (let i = 0; i < AREAS; i++)
      areas.push(
        await app
          .get(AreasService)
          .create(system, { code: `area-${i + 1}`, name: `Area ${i + 1}`, isDefault: i === 0 }),
      );
    const seconds = await generate(
      db,
      books.map((b) => b.id),
      areas.map((a) => a.id),
    );
    figures.push({
      measure: `generated ${TICKETS} tickets, ${TICKETS * MESSAGES} messages and timeline events, ${CUSTOMERS} customers`,
      value: `${seconds.toFixed(0)} s`,
    });

    // A staff user working in 2 of the 20 areas, seeing every address book; a customer's administrator.
    const users = app.get(UsersService);
    const grants = app.get(GrantsService);
    const administrator = (await app.get(RolesService).byCode('administrator'))!;
    const { user: staffUser } = await users.create(
      { email: 'bench-staff@bench.local', displayName: 'Bench staff', password: 'bench-staff-password' },
      system,
    );
    for (const area of areas.slice(0, 2))
      await grants.create({ userId: staffUser.id, roleId: administrator.id, nodeId: area.id }, system);
    for (const book of books)
      await grants.create({ userId: staffUser.id, roleId: administrator.id, nodeId: book.id }, system);
    const staff = new RequestContext(principal(staffUser.id, staffUser.email, null));
    const [{ id: customerNode }] = await db.query(
      `SELECT id FROM scope_nodes WHERE kind = 'customer' AND label = 'Bench customer 1234'`,
    );
    const { user: customerUser } = await users.create(
      {
        email: 'bench-customer@bench.local',
        displayName: 'Bench customer',
        password: 'bench-customer-password',
        homeNodeId: customerNode,
      },
      system,
    );
    await grants.create({ userId: customerUser.id, roleId: administrator.id, nodeId: customerNode }, system);
    const customer = new RequestContext(principal(customerUser.id, customerUser.email, customerNode));

    const tickets = app.get(TicketsService);
    const open = { filter: { state: ['new', 'awaiting_authorisation', 'open', 'waiting_for_customer'] }, limit: 50 };
    const first = await tickets.list(staff, open);
    const own = await tickets.list(customer, { limit: 50 });
    figures.push({
      measure: 'staff: open tickets in my areas (total) / customer: own tickets (total)',
      value: `${first.total}${first.totalIsEstimate ? ' (estimate)' : ''} / ${own.total}`,
    });
    if (process.env.BENCH_EXPLAIN) {
      // The page as the list reads it (the staff user reads every address book: no deferred check).
      const qb = (await tickets.visible(staff))
        .andWhere(`t.state = ANY(:states::text[])`, { states: open.filter.state })
        .orderBy(`COALESCE(t.sla_due_at, 'infinity'::timestamptz)`)
        .addOrderBy('t.id')
        .limit(51);
      const [sql, params] = qb.getQueryAndParameters();
      for (const [label, statement] of [
        ['page', sql],
        ['total', `SELECT count(*) FROM (${sql.replace(/ORDER BY[\s\S]*$/, '')} LIMIT 1001) c`],
      ]) {
        const plan: { 'QUERY PLAN': string }[] = await db.query(`EXPLAIN (ANALYZE, BUFFERS) ${statement}`, params);
        console.log(`\nThe staff list's ${label}:\n${plan.map((r) => r['QUERY PLAN']).join('\n')}\n`);
      }
    }
    figures.push(
      await measure(`staff user, "my areas, open, by deadline", first page of 50`, 40, () => tickets.list(staff, open)),
    );
    figures.push(
      await measure('of which: working out what the staff user may see (areas, address books)', 40, () =>
        ticketVisibility(app.get(AccessService), staff, db.manager),
      ),
    );
    figures.push(
      await measure(`customer user, own tickets, first page of 50`, 20, () => tickets.list(customer, { limit: 50 })),
    );

    const real: { id: string }[] = [];
    for (let i = 0; i < 10; i++)
      real.push(
        await app
          .get(CustomersService)
          .create({ name: `Filing customer ${i + 1}`, addressBookId: books[i].id }, system),
      );
    figures.push(
      await measure('filing a ticket (routing, SLA, history, events)', 30, (i) =>
        tickets.create(staff, {
          subject: `Filed ${i}`,
          body: 'The line drops in the evening.',
          customerId: real[i % real.length].id,
        }),
      ),
    );
  } finally {
    await app.close();
  }
  return figures;
}

async function run() {
  const figures = await withBenchDatabase('helpdesk', benchDatabase);
  printTable('Clientele helpdesk benchmark', figures);
  process.exit(figures.every((f) => f.met !== false) ? 0 : 1);
}

await run();
