/**
 * How often a `kill -9` lands between an e-mail's DATA terminator and the COMMIT of its delivery
 * record (`npm run bench -- templates-crash`). A sender process (bench/templates-crash/sender.ts:
 * the templates plugin's `SmtpTransport`, eight e-mails at a time, each recorded in its own
 * transaction) delivers to a real SMTP server on loopback until it is killed with SIGKILL, at a
 * random point between the 1st and the 400th e-mail; then the next one starts. At the end every
 * recorded e-mail must have arrived, and every arrived one should be recorded: one that is not
 * would go out again (each run's e-mails are new, so a repeat shows as that, not as a second arrival).
 *
 *   BENCH_CRASH_KILLS=100 npm run bench -- templates-crash
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import pg from 'pg';
import { SMTPServer } from 'smtp-server';
import { projectRoot } from '../apps/server/paths.js';
import { withBenchDatabase } from './support/database.js';
import { Figure, hardware, printTable } from './support/report.js';

const KILLS = Number(process.env.BENCH_CRASH_KILLS ?? 100);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A real SMTP server that notes each message's id; it reads what a killed client sent before its leaving. */
async function smtpCounter() {
  const received: string[] = [];
  const server = new SMTPServer({
    allowHalfOpen: true,
    closeTimeout: 500,
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, _session, callback) {
      let head = '';
      stream.on('data', (chunk: Buffer) => (head += chunk.toString('latin1')));
      stream.on('end', () => {
        received.push(/^Message-ID:\s*<([^@>]+)@/im.exec(head)?.[1] ?? '');
        callback();
      });
    },
  });
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { received, port: (server.server.address() as AddressInfo).port, close: () => server.close() };
}

await withBenchDatabase('templates_crash', async (url) => {
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  await db.query('CREATE TABLE delivery_records (id text PRIMARY KEY)');
  const version = (await db.query('SHOW server_version')).rows[0].server_version;
  const smtp = await smtpCounter();
  let sendingMs = 0;
  let killsInRun = 0;
  for (let run = 0; run < KILLS; run++) {
    const sender = spawn(
      process.execPath,
      [join(projectRoot, 'dist/bench/templates-crash/sender.js'), url, String(smtp.port), String(run)],
      {
        stdio: ['ignore', 'inherit', 'inherit'],
      },
    );
    const before = smtp.received.length;
    const target = before + 1 + Math.floor(Math.random() * 400);
    while (smtp.received.length === before && sender.exitCode === null) await sleep(5);
    const firstAt = Date.now();
    while (smtp.received.length < target && sender.exitCode === null) await sleep(10);
    if (sender.exitCode !== null) throw new Error(`the sender stopped on its own (${sender.exitCode})`);
    sender.kill('SIGKILL');
    await once(sender, 'exit');
    sendingMs += Date.now() - firstAt;
    killsInRun++;
    process.stdout.write(`\rkills: ${killsInRun}/${KILLS}`);
  }
  // What the killed senders handed to the kernel is still arriving.
  await sleep(2000);
  const recorded = new Set((await db.query('SELECT id FROM delivery_records')).rows.map((r) => r.id as string));
  const arrivals = new Map<string, number>();
  for (const id of smtp.received) arrivals.set(id, (arrivals.get(id) ?? 0) + 1);
  const lost = [...recorded].filter((id) => !arrivals.has(id));
  const unrecorded = [...arrivals.keys()].filter((id) => !recorded.has(id));
  const badKills = new Set([...lost, ...unrecorded].map((id) => id.split('-')[0])).size;
  await db.end();
  smtp.close();
  const figures: Figure[] = [
    ...hardware(`PostgreSQL ${version}`),
    { measure: 'kills (SIGKILL while sending)', value: String(KILLS) },
    {
      measure: 'e-mails recorded / arrived at the SMTP server',
      value: `${recorded.size} / ${smtp.received.length} (${Math.round(smtp.received.length / (sendingMs / 1000))}/s while sending)`,
    },
    { measure: 'recorded but never arrived (lost)', value: String(lost.length), target: '0', met: lost.length === 0 },
    {
      measure: 'arrived but not recorded (would go out again)',
      value: `${unrecorded.length}${unrecorded.length ? ` (${unrecorded.slice(0, 5).join(', ')})` : ''}`,
    },
    {
      measure: 'kills that landed between terminator and COMMIT',
      value: `${badKills} of ${KILLS} (${((badKills / KILLS) * 100).toFixed(1)} %)`,
    },
  ];
  printTable('Clientele e-mail delivery across kill -9', figures);
});
process.exit(0);
