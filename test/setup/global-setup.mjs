// One real PostgreSQL for the whole run (embedded, or the server in DATABASE_URL); every test
// file then creates a database of its own on it, so files run in parallel without sharing data.
// Uses the built core (npm test builds first), since global setup runs outside Jest's transforms.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { startEmbeddedPostgres } from '../../dist/libs/core/database/embedded-postgres.js';

export default async function globalSetup() {
  if (process.env.DATABASE_URL) {
    process.env.TEST_PG_SERVER_URL = process.env.DATABASE_URL;
    return;
  }
  const dataDir = join(process.cwd(), '.pg-test', 'data');
  await rm(join(process.cwd(), '.pg-test'), { recursive: true, force: true });
  const server = await startEmbeddedPostgres(dataDir);
  process.env.TEST_PG_SERVER_URL = server.url;
  globalThis.__clienteleTestPg = server;
}
