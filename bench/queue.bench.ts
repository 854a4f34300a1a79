/**
 * The job queue and live-update benchmark (`npm run bench:queue`), on a PostgreSQL of its own
 * (embedded under ./data/bench-queue, or DATABASE_URL's server: a database "clientele_bench_queue"
 * is made on it):
 * - enqueue-and-run throughput of 10,000 empty jobs in one server process (target ≥ 2,000 jobs/s):
 *   one `enqueue()` call each, 16 at a time, with the workers running meanwhile; the same with
 *   `enqueueMany()` in statements of 1,000; then enqueueing alone and running alone;
 * - the delay from an event's commit to a Server-Sent Events client receiving it, at 100 events/s
 *   for 10 s, the client in a second server process on the same database (target p95 ≤ 200 ms).
 *
 *   BENCH_JOBS=2000 npm run bench:queue     fewer jobs (quick look)
 */
import 'reflect-metadata';
import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import {
  ClienteleConfig,
  EventBus,
  JobQueue,
  JobWorkers,
  RequestContext,
  UsersService,
  createDatabase,
  dropDatabase,
  startEmbeddedPostgres,
} from '@clientele/core';
import { createApp } from '../apps/server/app.js';
import { projectRoot } from '../apps/server/paths.js';
import { BenchPinged, BenchWork } from './queue/index.js';

const DATABASE = 'clientele_bench_queue';
const JOBS = Number(process.env.BENCH_JOBS ?? 10_000);
const EVENTS_PER_SECOND = 100;
const EVENT_SECONDS = 10;
const ENQUEUE_PARALLEL = 16;
const log = (line = '') => console.log(line);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const percentile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];

async function boot(databaseUrl: string): Promise<NestFastifyApplication> {
  const config = new ClienteleConfig({ plugins: ['./bench/queue'] }, projectRoot, {
    ...process.env,
    CLIENTELE_PLUGINS: undefined,
  });
  return createApp({ databaseUrl, config, logLevel: 'error' });
}

/** Calls `enqueue` `count` times, `parallel` at a time. */
async function enqueueAll(queue: JobQueue, count: number, offset: number) {
  let next = 0;
  await Promise.all(
    Array.from({ length: ENQUEUE_PARALLEL }, async () => {
      while (next < count) {
        const n = next++;
        await queue.enqueue('bench.nothing', { n: offset + n });
      }
    }),
  );
}

async function untilRuns(work: BenchWork, runs: number) {
  while (work.runs < runs) await sleep(5);
}

async function throughput(app: NestFastifyApplication) {
  const queue = app.get(JobQueue);
  const workers = app.get(JobWorkers);
  const work = app.get(BenchWork);
  const rows: string[][] = [];

  // Warm-up: connections, plans.
  await enqueueAll(queue, 500, -1000);
  await untilRuns(work, 500);

  let started = performance.now();
  const base = work.runs;
  await enqueueAll(queue, JOBS, 0);
  const enqueued = performance.now() - started;
  await untilRuns(work, base + JOBS);
  const together = performance.now() - started;
  rows.push([
    `enqueue and run ${JOBS.toLocaleString('en')} empty jobs, workers running`,
    `${(together / 1000).toFixed(2)} s`,
    `${Math.round((JOBS * 1000) / together).toLocaleString('en')} jobs/s`,
    '≥ 2,000 jobs/s',
    (JOBS * 1000) / together >= 2000 ? 'yes' : 'no',
  ]);
  rows.push([
    `  of which enqueueing (${ENQUEUE_PARALLEL} at a time)`,
    `${(enqueued / 1000).toFixed(2)} s`,
    `${Math.round((JOBS * 1000) / enqueued).toLocaleString('en')} jobs/s`,
    '',
    '',
  ]);

  started = performance.now();
  const bulkBase = work.runs;
  for (let n = 0; n < JOBS; n += 1000)
    await queue.enqueueMany(
      'bench.nothing',
      Array.from({ length: Math.min(1000, JOBS - n) }, (_, i) => ({ n: n + i })),
    );
  const bulkEnqueued = performance.now() - started;
  await untilRuns(work, bulkBase + JOBS);
  const bulk = performance.now() - started;
  rows.push([
    `enqueue (enqueueMany, 1,000 a statement) and run ${JOBS.toLocaleString('en')}, workers running`,
    `${(bulk / 1000).toFixed(2)} s`,
    `${Math.round((JOBS * 1000) / bulk).toLocaleString('en')} jobs/s`,
    '≥ 2,000 jobs/s',
    (JOBS * 1000) / bulk >= 2000 ? 'yes' : 'no',
  ]);
  rows.push([
    `  of which enqueueing`,
    `${(bulkEnqueued / 1000).toFixed(2)} s`,
    `${Math.round((JOBS * 1000) / bulkEnqueued).toLocaleString('en')} jobs/s`,
    '',
    '',
  ]);

  await workers.stop();
  await sleep(2500);
  started = performance.now();
  await enqueueAll(queue, JOBS, JOBS);
  const enqueueAlone = performance.now() - started;
  const before = work.runs;
  started = performance.now();
  await workers.start();
  await untilRuns(work, before + JOBS);
  const runAlone = performance.now() - started;
  rows.push([
    `enqueue ${JOBS.toLocaleString('en')}, no worker running`,
    `${(enqueueAlone / 1000).toFixed(2)} s`,
    `${Math.round((JOBS * 1000) / enqueueAlone).toLocaleString('en')} jobs/s`,
    '',
    '',
  ]);
  rows.push([
    `run ${JOBS.toLocaleString('en')} queued jobs`,
    `${(runAlone / 1000).toFixed(2)} s`,
    `${Math.round((JOBS * 1000) / runAlone).toLocaleString('en')} jobs/s`,
    '',
    '',
  ]);
  rows.push([
    `one enqueue() each, then run (sum of the two)`,
    `${((enqueueAlone + runAlone) / 1000).toFixed(2)} s`,
    `${Math.round((JOBS * 1000) / (enqueueAlone + runAlone)).toLocaleString('en')} jobs/s`,
    '≥ 2,000 jobs/s',
    (JOBS * 1000) / (enqueueAlone + runAlone) >= 2000 ? 'yes' : 'no',
  ]);
  await sleep(1000);
  const [{ completed }] = await app
    .get(DataSource)
    .query(`SELECT count(*)::int AS completed FROM pgboss.job WHERE name = 'bench.nothing' AND state = 'completed'`);
  return { rows, completed };
}

/** A Server-Sent Events client on `base`; calls `onData` with each message's data and when it arrived. */
function listen(base: string, token: string, onData: (data: any, at: number) => void) {
  return new Promise<http.ClientRequest>((resolve) => {
    const request = http.get(`${base}/api/events`, { headers: { Authorization: `Bearer ${token}` } }, (res) => {
      res.setEncoding('utf8');
      let buffer = '';
      res.on('data', (chunk: string) => {
        const at = performance.timeOrigin + performance.now();
        buffer += chunk;
        if (buffer.includes(': connected')) resolve(request);
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const data = buffer
            .slice(0, end)
            .split('\n')
            .find((l) => l.startsWith('data: '));
          buffer = buffer.slice(end + 2);
          if (data) onData(JSON.parse(data.slice(6)), at);
        }
      });
    });
  });
}

async function liveDelay(publisher: NestFastifyApplication, streamer: NestFastifyApplication, token: string) {
  await streamer.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${(streamer.getHttpServer().address() as { port: number }).port}`;
  const committed = new Map<string, number>();
  const delays: number[] = [];
  const early = new Map<string, number>();
  const client = await listen(base, token, (data, at) => {
    if (data.type !== BenchPinged.type) return;
    const at0 = committed.get(data.id);
    if (at0 === undefined) early.set(data.id, at);
    else delays.push(at - at0);
  });
  const db = publisher.get(DataSource);
  const bus = publisher.get(EventBus);
  const total = EVENTS_PER_SECOND * EVENT_SECONDS;
  const started = performance.now();
  const publishing: Promise<void>[] = [];
  for (let n = 0; n < total; n++) {
    const due = started + (n * 1000) / EVENTS_PER_SECOND;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    publishing.push(
      db
        .transaction((m) => bus.publish(m, new BenchPinged({ n }), RequestContext.system()))
        .then((envelope) => {
          const at = performance.timeOrigin + performance.now();
          committed.set(envelope.id, at);
          // The stream can be faster than the publisher hearing its own COMMIT answer.
          const seen = early.get(envelope.id);
          if (seen !== undefined) delays.push(Math.max(0, seen - at));
        }),
    );
  }
  await Promise.all(publishing);
  const rate = (total * 1000) / (performance.now() - started);
  for (let i = 0; i < 50 && delays.length < total; i++) await sleep(100);
  client.destroy();
  delays.sort((a, b) => a - b);
  return {
    total,
    received: delays.length,
    rate,
    p50: percentile(delays, 0.5),
    p95: percentile(delays, 0.95),
    p99: percentile(delays, 0.99),
    max: delays[delays.length - 1],
  };
}

async function main() {
  process.env.CLIENTELE_SCHEDULER = 'off';
  const embedded = process.env.DATABASE_URL
    ? null
    : await startEmbeddedPostgres(join(process.cwd(), 'data', 'bench-queue'));
  const serverUrl = process.env.DATABASE_URL ?? embedded!.url;
  await dropDatabase(serverUrl, DATABASE);
  const databaseUrl = await createDatabase(serverUrl, DATABASE);
  const first = await boot(databaseUrl);
  const second = await boot(databaseUrl);
  try {
    const [{ version }] = await first.get(DataSource).query(`SELECT version()`);
    log(
      `\n${version}\nnproc ${execSync('nproc').toString().trim()}; load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')} (other work on the machine skews the figures)`,
    );
    const boss = JSON.parse(readFileSync(join(projectRoot, 'node_modules', 'pg-boss', 'package.json'), 'utf8')).version;
    log(`pg-boss ${boss}; both server processes run in this Node process (one event loop)\n`);

    // The second process takes no jobs: the throughput is one server process's.
    await second.get(JobWorkers).stop();
    const { rows, completed } = await throughput(first);
    log('| measurement | time | rate | target | met |');
    log('|---|---|---|---|---|');
    for (const row of rows) log(`| ${row.join(' | ')} |`);
    log(`\ncompleted in pgboss.job: ${completed.toLocaleString('en')} (warm-up excluded: ${JOBS * 3} expected)\n`);

    const { user } = await first
      .get(UsersService)
      .create(
        { email: 'bench@queue.local', displayName: 'Bench', password: 'bench-password-1', isMasterAdmin: true },
        RequestContext.system(),
      );
    const login = await first.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: user.email, password: 'bench-password-1' },
    });
    const live = await liveDelay(first, second, login.json().token);
    log(
      '| live update (commit in one process → SSE client of the other) | events | p50 ms | p95 ms | p99 ms | max ms | target | met |',
    );
    log('|---|---|---|---|---|---|---|---|');
    log(
      `| ${EVENTS_PER_SECOND} events/s for ${EVENT_SECONDS} s (published at ${live.rate.toFixed(0)}/s) | ${live.received}/${live.total} | ${live.p50.toFixed(1)} | ${live.p95.toFixed(1)} | ${live.p99.toFixed(1)} | ${live.max.toFixed(1)} | p95 ≤ 200 ms | ${live.p95 <= 200 && live.received === live.total ? 'yes' : 'no'} |`,
    );
  } finally {
    await second.close().catch(() => {});
    await first.close().catch(() => {});
    await dropDatabase(serverUrl, DATABASE).catch(() => {});
    await embedded?.stop();
  }
}

void main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
