import { rm } from 'node:fs/promises';

export default async function globalTeardown() {
  const run = globalThis.__clienteleTestPg;
  if (!run) return;
  await run.server.stop();
  await rm(run.dataDir, { recursive: true, force: true });
  await rm(`${run.dataDir}.owner`, { force: true });
}
