import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { freePort, pidAlive } from '@clientele/core';
import { projectRoot } from '../apps/server/paths.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const dataDir = join(projectRoot, '.pg-test', `start-${process.pid}`);

interface Running {
  child: ChildProcess;
  port: number;
  output: () => string;
}

async function start(): Promise<Running> {
  const port = await freePort();
  let output = '';
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_OPTIONS: '',
    PORT: String(port),
    HOST: '127.0.0.1',
    CLIENTELE_DATA_DIR: dataDir,
    CLIENTELE_PLUGINS: '',
    LOG_LEVEL: 'info',
  };
  delete env.DATABASE_URL;
  const child = spawn(process.execPath, [join(projectRoot, 'dist/apps/server/main.js')], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`server exited: ${output}`);
    if (output.includes('Press Ctrl-C to stop.')) return { child, port, output: () => output };
    await sleep(150);
  }
  throw new Error(`server did not start: ${output}`);
}

const exited = (child: ChildProcess) =>
  new Promise((r) => (child.exitCode !== null || child.signalCode ? r(null) : child.once('exit', r)));
const postmasterPid = () => Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);

/** `npm start` without DATABASE_URL: embedded PostgreSQL, first-start seeding, restarts, crashes. */
describe('starting the server on the embedded database', () => {
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('seeds once, keeps data across restarts, survives a crash and stops cleanly on Ctrl-C', async () => {
    const first = await start();
    expect(first.output()).toMatch(/Sign in {2}admin@clientele\.local \/ \S+ {3}\(master admin; shown once/);
    expect(first.output()).toContain('/docs');
    // What NestJS says about each route is debug; the banner is the last thing printed.
    expect(first.output()).not.toMatch(/Mapped \{|RouterExplorer|InstanceLoader/);
    expect(first.output().trimEnd().endsWith('Press Ctrl-C to stop.')).toBe(true);
    const health = await fetch(`http://127.0.0.1:${first.port}/health`);
    expect(health.status).toBe(200);
    first.child.kill('SIGINT');
    await exited(first.child);
    expect(existsSync(join(dataDir, 'postmaster.pid'))).toBe(false);

    const second = await start();
    expect(second.output()).not.toContain('shown once');
    expect(second.output()).toContain('password printed on the first start');
    // A crash: the server dies without stopping its database.
    const pid = postmasterPid();
    second.child.kill('SIGKILL');
    await exited(second.child);

    const third = await start();
    expect((await fetch(`http://127.0.0.1:${third.port}/health`)).status).toBe(200);
    third.child.kill('SIGINT');
    await exited(third.child);
    await sleep(300);
    expect(pidAlive(pid)).toBe(false);
  }, 120_000);
});
