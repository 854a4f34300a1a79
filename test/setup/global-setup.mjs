// One real PostgreSQL for the whole run (embedded, or the server in DATABASE_URL); every test
// file then creates a database of its own on it, so files run in parallel without sharing data.
// Uses the built core (npm test builds first), since global setup runs outside Jest's transforms.
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pidAlive, startEmbeddedPostgres } from '../../dist/libs/core/database/embedded-postgres.js';

const root = join(process.cwd(), '.pg-test');

/** Folders of earlier runs that died without their teardown; concurrent runs are left alone. */
async function removeAbandonedRuns() {
  for (const name of await readdir(root).catch(() => [])) {
    const pid = Number(/^run-(\d+)/.exec(name)?.[1]);
    if (pid && !pidAlive(pid)) await rm(join(root, name), { recursive: true, force: true });
  }
}

export default async function globalSetup() {
  if (process.env.DATABASE_URL) {
    process.env.TEST_PG_SERVER_URL = process.env.DATABASE_URL;
    return;
  }
  await removeAbandonedRuns();
  const dataDir = join(root, `run-${process.pid}`);
  const server = await startEmbeddedPostgres(dataDir);
  process.env.TEST_PG_SERVER_URL = server.url;
  globalThis.__clienteleTestPg = { server, dataDir };
}
