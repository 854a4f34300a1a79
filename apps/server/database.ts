import { join } from 'node:path';
import { createDatabase, startEmbeddedPostgres } from '@clientele/core';
import { projectRoot } from './paths.js';

export interface ResolvedDatabase {
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

/** DATABASE_URL when given; otherwise a real PostgreSQL embedded in the project under ./data. */
export async function resolveDatabase(log: (line: string) => void): Promise<ResolvedDatabase> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, embedded: false, stop: async () => {} };
  const dataDir = process.env.CLIENTELE_DATA_DIR ?? join(projectRoot, 'data', 'postgres');
  log(`starting embedded PostgreSQL in ${dataDir}`);
  const server = await startEmbeddedPostgres(dataDir, {
    port: process.env.EMBEDDED_PG_PORT ? Number(process.env.EMBEDDED_PG_PORT) : undefined,
  });
  const url = await createDatabase(server.url, 'clientele');
  return { url, embedded: true, stop: server.stop };
}
