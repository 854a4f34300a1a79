import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { createDatabase, dropDatabase, freePort } from '@clientele/core';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const ROWS = 6000;
const projectRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

interface Server {
  child: ChildProcess;
  base: string;
  output: () => string;
}

/** The built server (`npm run build` first) as its own process on `databaseUrl`. */
async function start(databaseUrl: string): Promise<Server> {
  const port = await freePort();
  let output = '';
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_OPTIONS: '',
    DATABASE_URL: databaseUrl,
    PORT: String(port),
    HOST: '127.0.0.1',
    CLIENTELE_PLUGINS: 'contacts',
    LOG_LEVEL: 'warn',
    CLIENTELE_SCHEDULER: 'off',
    CLIENTELE_JOB_STALE_SECONDS: '3',
  };
  const child = spawn(process.execPath, [join(projectRoot, 'dist/apps/server/main.js')], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`server exited: ${output}`);
    if (output.includes('Press Ctrl-C to stop.'))
      return { child, base: `http://127.0.0.1:${port}`, output: () => output };
    await sleep(100);
  }
  throw new Error(`server did not start: ${output}`);
}

const exited = (child: ChildProcess) =>
  new Promise((r) => (child.exitCode !== null || child.signalCode ? r(null) : child.once('exit', r)));

describe('an API customer import whose server is killed', () => {
  const serverUrl = process.env.TEST_PG_SERVER_URL!;
  const name = `test_${randomBytes(6).toString('hex')}`;
  let databaseUrl: string;
  let db: pg.Client;
  const running: ChildProcess[] = [];

  beforeAll(async () => {
    databaseUrl = await createDatabase(serverUrl, name);
  });
  afterAll(async () => {
    for (const child of running) if (child.exitCode === null) child.kill('SIGKILL');
    await db?.end();
    await dropDatabase(serverUrl, name);
  });

  it('finishes after kill -9 and a restart, every row imported exactly once', async () => {
    const first = await start(databaseUrl);
    running.push(first.child);
    const [, email, password] = first.output().match(/Sign in {2}(\S+) \/ (\S+)/)!;
    const login = await fetch(`${first.base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    const auth = { Authorization: `Bearer ${((await login.json()) as { token: string }).token}` };

    const lines = ['number,name,legal_form,email,phone,country,tax_ids,iban,state,gps'];
    for (let i = 1; i <= ROWS; i++) lines.push(`K-${i},Krátký ${i},person,,,CZ,,,,`);
    const started = await fetch(`${first.base}/api/customers/import?batchSize=200`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'text/csv' },
      body: `${lines.join('\n')}\n`,
    });
    expect(started.status).toBe(202);
    const { jobId } = (await started.json()) as { jobId: string };

    db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    const imported = async () =>
      Number((await db.query(`SELECT count(*) AS n FROM contacts_customers WHERE number LIKE 'K-%'`)).rows[0].n);
    for (let i = 0; i < 600 && (await imported()) < 600; i++) await sleep(50);
    first.child.kill('SIGKILL');
    await exited(first.child);
    const atKill = await imported();
    expect(atKill).toBeGreaterThanOrEqual(600);
    expect(atKill).toBeLessThan(ROWS);

    const second = await start(databaseUrl);
    running.push(second.child);
    let job: any;
    for (let i = 0; i < 600; i++) {
      job = await (await fetch(`${second.base}/api/jobs/${jobId}`, { headers: auth })).json();
      if (job.status === 'succeeded' || job.status === 'failed') break;
      await sleep(100);
    }
    expect(job).toMatchObject({
      status: 'succeeded',
      progress: ROWS,
      total: ROWS,
      result: { imported: ROWS, rejected: 0, resumed: true, finished: true },
    });
    const { rows } = await db.query(
      `SELECT count(*)::int AS n, count(DISTINCT number)::int AS numbers FROM contacts_customers WHERE number LIKE 'K-%'`,
    );
    expect(rows[0]).toEqual({ n: ROWS, numbers: ROWS });
    const [{ attempts }] = (await db.query(`SELECT attempts FROM jobs WHERE id = $1`, [jobId])).rows;
    expect(attempts).toBe(2);
    expect((await db.query(`SELECT count(*)::int AS n FROM stored_uploads`)).rows[0].n).toBe(0);
    second.child.kill('SIGINT');
    await exited(second.child);
  }, 180_000);
});
