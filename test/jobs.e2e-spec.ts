import { DataSource } from 'typeorm';
import { JobQueue, RequestContext, transactionExecutor } from '@clientele/core';
import { bearer, startTestApp, TestApp } from './setup/harness.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls until `probe` returns something truthy; fails after `ms`. */
async function eventually<T>(probe: () => Promise<T>, ms = 15_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > until) throw new Error('timed out waiting');
    await sleep(100);
  }
}

describe('durable jobs', () => {
  let t: TestApp;
  let db: DataSource;
  let queue: JobQueue;
  const runsOf = (label: string) =>
    db.query(`SELECT attempt, ran_at FROM errand_runs WHERE label = $1 ORDER BY ran_at`, [label]);

  beforeAll(async () => {
    process.env.CLIENTELE_JOB_STALE_SECONDS = '2';
    process.env.CLIENTELE_JOB_MAINTENANCE_SECONDS = '1';
    t = await startTestApp({ plugins: ['contacts', './test/fixtures/errands-plugin'] });
    db = t.get(DataSource);
    queue = t.get(JobQueue);
  });
  afterAll(async () => {
    await t?.close();
    delete process.env.CLIENTELE_JOB_STALE_SECONDS;
    delete process.env.CLIENTELE_JOB_MAINTENANCE_SECONDS;
  });

  it('leaves no job when the enqueueing transaction rolls back, and runs the job once it commits', async () => {
    let rolledBack = '';
    await expect(
      db.transaction(async (m) => {
        rolledBack = await queue.enqueue('errands.run', { label: 'rolled-back' }, { manager: m });
        throw new Error('undo');
      }),
    ).rejects.toThrow('undo');
    expect(await queue.state('errands.run', rolledBack)).toBeNull();

    const committed = await db.transaction((m) => queue.enqueue('errands.run', { label: 'committed' }, { manager: m }));
    await eventually(async () => (await runsOf('committed')).length === 1);
    await eventually(async () => (await queue.state('errands.run', committed))?.state === 'completed');
    await sleep(1500);
    expect(await runsOf('rolled-back')).toEqual([]);
  });

  it("queues a batch in one statement, in the caller's transaction", async () => {
    await expect(
      db.transaction(async (m) => {
        await queue.enqueueMany('errands.run', [{ label: 'batch-undone' }], { manager: m });
        throw new Error('undo');
      }),
    ).rejects.toThrow('undo');
    const ids = await db.transaction((m) =>
      queue.enqueueMany(
        'errands.run',
        ['a', 'b', 'c'].map((x) => ({ label: `batch-${x}` })),
        { manager: m },
      ),
    );
    expect(new Set(ids).size).toBe(3);
    await eventually(
      async () => (await db.query(`SELECT count(*)::int AS n FROM errand_runs WHERE label LIKE 'batch-%'`))[0].n === 3,
    );
    expect(await runsOf('batch-undone')).toEqual([]);
  });

  it('runs higher-priority jobs first', async () => {
    await db.transaction(async (m) => {
      for (const [label, priority] of [
        ['low', 0],
        ['high', 10],
        ['middle', 5],
      ] as const) {
        await queue.enqueue('errands.run', { label: `priority-${label}` }, { manager: m, priority });
      }
    });
    const order = await eventually(async () => {
      const rows = await db.query(`SELECT label FROM errand_runs WHERE label LIKE 'priority-%' ORDER BY ran_at`);
      return rows.length === 3 && rows.map((r: { label: string }) => r.label);
    });
    expect(order).toEqual(['priority-high', 'priority-middle', 'priority-low']);
  });

  it('retries a failing job with growing delays until it succeeds', async () => {
    const id = await queue.enqueue('errands.run', { label: 'flaky', failTimes: 2 });
    await eventually(async () => (await queue.state('errands.run', id))?.state === 'completed', 20_000);
    const runs = await runsOf('flaky');
    expect(runs.map((r: { attempt: number }) => r.attempt)).toEqual([1, 2, 3]);
    const gaps = [runs[1].ran_at - runs[0].ran_at, runs[2].ran_at - runs[1].ran_at];
    // retryDelay 1 s, doubling (with jitter): about 1–2 s, then 2–4 s.
    expect(gaps[0]).toBeGreaterThanOrEqual(900);
    expect(gaps[1]).toBeGreaterThanOrEqual(1900);
  }, 30_000);

  it('marks a job that keeps failing as failed with its last error, shown to its owner', async () => {
    const ctx = new RequestContext({
      ...RequestContext.system().user!,
      id: (await db.query(`SELECT id FROM users LIMIT 1`))[0].id,
      email: 'admin@test.local',
    });
    const id = await queue.enqueue('errands.run', { label: 'hopeless', failTimes: 99 }, { ctx });
    const job = await eventually(async () => {
      const res = await t.http().get(`/api/jobs/${id}`).set(bearer(t.adminToken));
      return res.body.status === 'failed' && res.body;
    }, 20_000);
    expect(job).toMatchObject({ id, type: 'errands.run', status: 'failed', error: 'planned failure 3' });
    expect((await runsOf('hopeless')).length).toBe(3);
    expect(await queue.failed('errands.run')).toEqual(
      expect.arrayContaining([expect.objectContaining({ id, error: 'planned failure 3', attempts: 3 })]),
    );
  }, 30_000);

  it('queues the same idempotency key once', async () => {
    const first = await queue.enqueue('errands.run', { label: 'keyed' }, { key: 'invoice-2026-11' });
    const second = await queue.enqueue('errands.run', { label: 'keyed' }, { key: 'invoice-2026-11' });
    expect(second).toBe(first);
    await eventually(async () => (await queue.state('errands.run', first))?.state === 'completed');
    await sleep(1200);
    expect((await runsOf('keyed')).length).toBe(1);
    const other = await queue.enqueue('errands.run', { label: 'keyed' }, { key: 'invoice-2026-12' });
    expect(other).not.toBe(first);
  });

  it('shows a job started for a user with its progress and result to that user and master admins only', async () => {
    const clerk = await t.user('clerk@test.local');
    const ctx = new RequestContext({
      ...RequestContext.system().user!,
      id: clerk.id,
      isMasterAdmin: false,
      email: 'clerk@test.local',
    });
    const id = await queue.enqueue('errands.run', { label: 'owned', steps: 4 }, { ctx });
    const job = await eventually(async () => {
      const res = await t.http().get(`/api/jobs/${id}`).set(bearer(clerk.token));
      return res.body.status === 'succeeded' && res.body;
    });
    expect(job).toMatchObject({
      status: 'succeeded',
      total: 4,
      progress: 4,
      result: { label: 'owned', actor: clerk.id },
      error: null,
    });
    expect(Object.keys(job).sort()).toEqual([
      'createdAt',
      'error',
      'id',
      'progress',
      'result',
      'status',
      'total',
      'type',
      'updatedAt',
    ]);
    expect((await t.http().get(`/api/jobs/${id}`).set(bearer(t.adminToken))).status).toBe(200);
    const stranger = await t.user('stranger@test.local');
    expect((await t.http().get(`/api/jobs/${id}`).set(bearer(stranger.token))).status).toBe(404);
    expect((await t.http().get(`/api/jobs/not-an-id`).set(bearer(stranger.token))).status).toBe(400);
  });

  it('runs again a job whose server process died while running it', async () => {
    const admin = new RequestContext({
      ...RequestContext.system().user!,
      id: (await db.query(`SELECT id FROM users WHERE email = 'admin@test.local'`))[0].id,
    });
    // Fetchable within the transaction that queues it (pg-boss takes jobs whose start is before now()).
    const past = () => new Date(Date.now() - 60_000);
    // Another process took the job and vanished: the job is active, its heartbeat old.
    const id = await db.transaction(async (m) => {
      const jobId = await queue.enqueue(
        'errands.run',
        { label: 'orphan' },
        { manager: m, ctx: admin, startAfter: past() },
      );
      const [taken] = await queue.boss.fetch('errands.run', { db: transactionExecutor(m) } as any);
      expect(taken.id).toBe(jobId);
      await m.query(
        `UPDATE jobs SET status = 'running', runner = 'gone:1', heartbeat_at = now() - interval '1 minute' WHERE id = $1`,
        [jobId],
      );
      return jobId;
    });
    const job = await eventually(async () => {
      const res = await t.http().get(`/api/jobs/${id}`).set(bearer(t.adminToken));
      return res.body.status === 'succeeded' && res.body;
    });
    expect(job.result).toMatchObject({ label: 'orphan' });
    expect((await runsOf('orphan')).map((r: { attempt: number }) => r.attempt)).toEqual([2]);

    // A job nobody watches is retried once it outlives its expiry (1 second on this queue).
    const brief = await db.transaction(async (m) => {
      const jobId = await queue.enqueue('errands.brief', { label: 'expired' }, { manager: m, startAfter: past() });
      await queue.boss.fetch('errands.brief', { db: transactionExecutor(m) } as any);
      return jobId;
    });
    await eventually(async () => (await queue.state('errands.brief', brief))?.state === 'completed', 20_000);
    expect((await runsOf('expired')).map((r: { attempt: number }) => r.attempt)).toEqual([2]);
  }, 40_000);

  it('reports depth, age and failures per queue', async () => {
    const stats = await queue.stats();
    expect(stats.map((s) => s.queue)).toEqual(
      expect.arrayContaining(['core.event-handlers', 'errands.run', 'errands.brief', 'contacts.customer-import']),
    );
    expect(stats.find((s) => s.queue === 'errands.run')).toMatchObject({ queued: 0, running: 0, failed: 1 });
    expect(await queue.keepingUp()).toEqual({ keepingUp: true, behind: [] });
    const health = await t.http().get('/health');
    expect(health.body.jobs).toEqual({ keepingUp: true, behind: [] });
  });
});
