/**
 * The real Clientele server for the benchmark, in a process of its own (so the load driver
 * does not share its event loop). Started by bench/support/processes.ts with the database in
 * DATABASE_URL; reports its port over IPC once it listens on loopback.
 */
import 'reflect-metadata';
import { ClienteleConfig, RequestContext, UsersService } from '@clientele/core';
import { createApp } from '../../apps/server/app.js';
import { projectRoot } from '../../apps/server/paths.js';

process.env.CLIENTELE_SCHEDULER = 'off';
// One log line per request would measure the logger, not the server; warnings still show.
process.env.LOG_LEVEL ??= 'warn';

const config = new ClienteleConfig({ plugins: (process.env.BENCH_PLUGINS ?? 'contacts').split(',') }, projectRoot, {
  ...process.env,
  CLIENTELE_PLUGINS: undefined,
});
const app = await createApp({ databaseUrl: process.env.DATABASE_URL!, config });
if (process.env.BENCH_ADMIN_EMAIL) {
  // The benchmark signs in as this master admin to set up address books, users and grants through the API.
  const users = app.get(UsersService);
  await users
    .create(
      {
        email: process.env.BENCH_ADMIN_EMAIL,
        displayName: 'Bench admin',
        password: process.env.BENCH_ADMIN_PASSWORD!,
        isMasterAdmin: true,
      },
      RequestContext.system(),
    )
    .catch(() => undefined);
}
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.getHttpServer().address() as { port: number };
process.send?.({ port: address.port });
process.on('SIGTERM', () => void app.close().finally(() => process.exit(0)));
