import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import pg from 'pg';
import { createDatabase, dropDatabase, freePort } from '@clientele/core';
import { projectRoot } from '../apps/server/paths.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitForHealth(port: number, child: ChildProcess, output: () => string) {
  for (let i = 0; i < 150; i++) {
    if (child.exitCode !== null) throw new Error(`server exited: ${output()}`);
    const ok = await fetch(`http://127.0.0.1:${port}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await sleep(200);
  }
  throw new Error(`server on ${port} did not come up: ${output()}`);
}

/**
 * Two server processes on one database: the fixture plugin's every-second job must run once
 * per slot, not once per process.
 */
describe('scheduled jobs across server processes', () => {
  const server = process.env.TEST_PG_SERVER_URL!;
  const name = `test_sched_${randomBytes(4).toString('hex')}`;
  let databaseUrl: string;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    databaseUrl = await createDatabase(server, name);
  });
  afterAll(async () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    await dropDatabase(server, name);
  });

  it('runs each slot exactly once', async () => {
    const ports = [await freePort(), await freePort()];
    const outputs = ports.map(() => '');
    ports.forEach((port, i) => {
      const child = spawn(process.execPath, [join(projectRoot, 'dist/apps/server/main.js')], {
        env: {
          ...process.env,
          NODE_OPTIONS: '',
          DATABASE_URL: databaseUrl,
          PORT: String(port),
          HOST: '127.0.0.1',
          CLIENTELE_PLUGINS: './test/fixtures/external-plugin',
          CLIENTELE_ADMIN_PASSWORD: 'x'.repeat(12),
          CLIENTELE_SCHEDULER: 'on',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout!.on('data', (d) => (outputs[i] += d));
      child.stderr!.on('data', (d) => (outputs[i] += d));
      children.push(child);
    });
    await Promise.all(ports.map((port, i) => waitForHealth(port, children[i], () => outputs[i])));
    await sleep(4500);
    for (const child of children) child.kill('SIGTERM');
    await Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once('exit', r)))));

    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const [runs] = (
        await client.query(
          `SELECT count(*)::int AS claimed, count(finished_at)::int AS finished FROM scheduled_job_runs WHERE job = 'asset-tags.tally'`,
        )
      ).rows;
      const [tally] = (await client.query(`SELECT value::int AS n FROM system_state WHERE key = 'asset-tags.tally'`))
        .rows;
      expect(runs.finished).toBeGreaterThanOrEqual(3);
      // Both processes fired every second; the job body ran once per claimed slot (a slot claimed
      // just before shutdown may not have run), never twice.
      expect(tally.n).toBeGreaterThanOrEqual(runs.finished);
      expect(tally.n).toBeLessThanOrEqual(runs.claimed);
      const [admins] = (await client.query(`SELECT count(*)::int AS n FROM users WHERE is_master_admin`)).rows.map(
        (r) => r.n,
      );
      expect(admins).toBe(1);
    } finally {
      await client.end();
    }
  }, 60_000);
});
