import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDatabase, dropDatabase, freePort } from '@clientele/core';
import { projectRoot } from '../../../apps/server/paths.js';
import { signIn, type Api } from '../../../bench/support/api.js';
import { startSmtpSink } from './smtp-sink.js';
import { eventually } from './templates-test-kit.js';

const MESSAGES = 1000;
const URGENT_EVERY = 10;
const PASSWORD = 'crash-test-admin-password';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Running {
  child: ChildProcess;
  url: string;
  output: () => string;
}

/**
 * `node dist/apps/server/main.js` with contacts and templates on its own database, delivering to
 * a real SMTP server on loopback: the built server, as operators run it. Build first
 * (`npm run build`).
 */
describe('a server killed while it sends', () => {
  const sink = startSmtpSink();
  const databaseName = `test_${randomBytes(6).toString('hex')}`;
  let databaseUrl: string;
  let configDir: string;
  let running: Running | null = null;

  async function start(workers: boolean): Promise<Running> {
    const port = await freePort();
    let output = '';
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_OPTIONS: '',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      CLIENTELE_CONFIG: join(configDir, 'clientele.json'),
      CLIENTELE_ADMIN_PASSWORD: PASSWORD,
      CLIENTELE_DEMO_DATA: 'off',
      CLIENTELE_WORKERS: workers ? 'on' : 'off',
      CLIENTELE_JOB_MAINTENANCE_SECONDS: '2',
      LOG_LEVEL: 'warn',
    };
    delete env.CLIENTELE_PLUGINS;
    const child = spawn(process.execPath, [join(projectRoot, 'dist/apps/server/main.js')], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d) => (output += d));
    child.stderr!.on('data', (d) => (output += d));
    for (let i = 0; i < 400; i++) {
      if (child.exitCode !== null) throw new Error(`server exited: ${output}`);
      if (output.includes('Press Ctrl-C to stop.'))
        return (running = { child, url: `http://127.0.0.1:${port}`, output: () => output });
      await sleep(150);
    }
    throw new Error(`server did not start: ${output}`);
  }

  async function stop(signal: NodeJS.Signals) {
    const { child } = running!;
    running = null;
    const exited = new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
    child.kill(signal);
    await exited;
  }

  beforeAll(async () => {
    const smtp = await sink;
    databaseUrl = await createDatabase(process.env.TEST_PG_SERVER_URL!, databaseName);
    configDir = await mkdtemp(join(tmpdir(), 'clientele-crash-'));
    const config = {
      plugins: ['contacts', 'templates'],
      settings: { templates: { smtpHost: '127.0.0.1', smtpPort: smtp.port, mailboxes: ['info@isp.example'] } },
    };
    await writeFile(join(configDir, 'clientele.json'), JSON.stringify(config));
  });
  afterAll(async () => {
    if (running) await stop('SIGKILL');
    await (await sink).close();
    await rm(configDir, { recursive: true, force: true });
    await dropDatabase(process.env.TEST_PG_SERVER_URL!, databaseName);
  });

  /** Queues the messages while no worker runs, so sending starts from a full outbox. */
  async function queueMessages(api: Api) {
    const book = await api.post('/api/address-books', { name: 'Crash test' });
    const customer = await api.post('/api/customers', {
      name: 'Odběratel s.r.o.',
      addressBookId: book.id,
      email: 'odberatel@example.com',
    });
    const queued: { id: string; header: string; urgent: boolean }[] = [];
    for (let from = 0; from < MESSAGES; from += 20) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(20, MESSAGES - from) }, (_, k) => {
          const urgent = (from + k) % URGENT_EVERY === 0;
          return api
            .post('/api/messages', {
              customerId: customer.id,
              to: [`reader${from + k}@example.org`],
              subject: `Zpráva ${from + k}`,
              body: 'Dobrý den',
              format: 'text',
              priority: urgent ? 5 : 0,
            })
            .then((m) => ({ id: m.id as string, header: m.messageIdHeader as string, urgent }));
        }),
      );
      queued.push(...batch);
    }
    return queued;
  }

  it('delivers every one of 1,000 messages exactly once across a kill -9, higher priority first', async () => {
    const smtp = await sink;
    const setup = await start(false);
    const queued = await queueMessages(await signIn(setup.url, { email: 'admin@clientele.local', password: PASSWORD }));
    await stop('SIGINT');

    await start(true);
    await eventually(
      () => smtp.received.length,
      (n) => n >= MESSAGES / 4,
      60_000,
    );
    await stop('SIGKILL');
    const beforeKill = smtp.received.length;

    const restarted = await start(true);
    const api = await signIn(restarted.url, { email: 'admin@clientele.local', password: PASSWORD });
    // Jobs the killed process held come back once the queue sees them expired (a minute).
    await eventually(
      () => api.get('/api/messages?filter[status]=sent&limit=1'),
      (page) => page.total === MESSAGES,
      180_000,
    );

    // The test server parses each message after taking it, which can end after the delivery was recorded.
    await eventually(
      () => new Set(smtp.received.map((m) => m.messageId)).size,
      (n) => n >= MESSAGES,
      30_000,
    );
    const seen = new Map<string, number>();
    for (const mail of smtp.received) seen.set(mail.messageId, (seen.get(mail.messageId) ?? 0) + 1);
    const twice = [...seen].filter(([, count]) => count > 1);
    const missing = queued.filter((m) => !seen.has(m.header));
    process.stdout.write(
      `crash test: ${beforeKill} received before kill -9, ${smtp.received.length} in all, ${twice.length} twice, ${missing.length} missing\n`,
    );
    expect(missing).toEqual([]);
    expect(twice).toEqual([]);
    expect(smtp.received).toHaveLength(MESSAGES);

    // The urgent tenth reached the server before the rest: at most a fetched batch of normal ones ahead of the last of them.
    const urgent = new Set(queued.filter((m) => m.urgent).map((m) => m.header));
    const lastUrgent = Math.max(...smtp.received.map((m, i) => (urgent.has(m.messageId) ? i : -1)));
    expect(lastUrgent).toBeLessThan(urgent.size + 10);
  }, 420_000);
});
