import { join } from 'node:path';
import { createDatabase, dropDatabase, startEmbeddedPostgres } from '@clientele/core';
import { projectRoot } from '../../apps/server/paths.js';

/**
 * Runs `work` on a database of its own, made on `DATABASE_URL`'s server or else on an embedded
 * PostgreSQL under `data/bench-<label>/`, and drops it afterwards.
 */
export async function withBenchDatabase<T>(label: string, work: (url: string) => Promise<T>): Promise<T> {
  const embedded = process.env.DATABASE_URL
    ? null
    : await startEmbeddedPostgres(join(projectRoot, 'data', `bench-${label}`, 'postgres'));
  const server = process.env.DATABASE_URL ?? embedded!.url;
  const name = `clientele_bench_${label}_${Date.now()}`;
  const url = await createDatabase(server, name);
  try {
    return await work(url);
  } finally {
    await dropDatabase(server, name);
    await embedded?.stop();
  }
}
