import { rm } from 'node:fs/promises';
import { join } from 'node:path';

export default async function globalTeardown() {
  const server = globalThis.__clienteleTestPg;
  if (!server) return;
  await server.stop();
  await rm(join(process.cwd(), '.pg-test'), { recursive: true, force: true });
}
