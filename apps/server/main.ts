import 'reflect-metadata';
import { ClienteleConfig, PluginRegistry } from '@clientele/core';
import { createApp } from './app.js';
import { resolveDatabase } from './database.js';
import { projectRoot } from './paths.js';
import { DEMO_ADMIN_EMAIL, InterruptedSeedError, seedOnce } from './seed.js';
import { PluginLoadError } from './plugin-loader.js';

const say = (line: string) => process.stdout.write(`${line}\n`);

async function main() {
  const config = ClienteleConfig.load(projectRoot);
  const database = await resolveDatabase(say);
  let stopping = false;
  const stop = async (code = 0) => {
    if (stopping) return;
    stopping = true;
    await app?.close().catch(() => {});
    await database.stop().catch(() => {});
    process.exit(code);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());

  let app: Awaited<ReturnType<typeof createApp>> | undefined;
  try {
    app = await createApp({ databaseUrl: database.url, config });
    const { plugins } = app.get(PluginRegistry);
    const seeded = await seedOnce(app, plugins);
    await app.listen({ port: config.port, host: config.host });
    const base = `http://localhost:${config.port}`;
    say('');
    say(`Clientele is running (${database.embedded ? 'embedded PostgreSQL in ./data' : 'DATABASE_URL'})`);
    say(`  API      ${base}/api`);
    say(`  Docs     ${base}/docs`);
    say(`  Health   ${base}/health`);
    say(`  Admin    ${base}/admin`);
    if (seeded) {
      say(`  Sign in  ${seeded.email} / ${seeded.password}   (master admin; shown once: keep it)`);
      for (const line of seeded.notes) say(`  Demo     ${line}`);
    } else
      say(
        `  Sign in  ${DEMO_ADMIN_EMAIL} with the password printed on the first start (reset: npm run cli -- users set-password ${DEMO_ADMIN_EMAIL})`,
      );
    say('Press Ctrl-C to stop.');
  } catch (error) {
    // Ctrl-C while starting: embedded PostgreSQL's own exit hook has stopped the database under the start-up; that is the stop, not an error.
    if (stopping) return;
    say(
      error instanceof PluginLoadError || error instanceof InterruptedSeedError
        ? `Cannot start: ${error.message}`
        : `Cannot start: ${(error as Error).stack}`,
    );
    await stop(1);
  }
}

void main();
