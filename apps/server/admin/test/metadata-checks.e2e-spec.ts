import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { createDatabase, dropDatabase } from '@clientele/core';
import { projectRoot } from '../../paths.js';

const server = () => process.env.TEST_PG_SERVER_URL!;

/** Runs the built server (`npm run build` first) with the given plugins until it exits; its output and exit code. */
function run(plugins: string, databaseUrl: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_OPTIONS: '',
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      CLIENTELE_PLUGINS: plugins,
      LOG_LEVEL: 'silent',
      CLIENTELE_WORKERS: 'off',
      CLIENTELE_SCHEDULER: 'off',
    };
    const child = spawn(process.execPath, [join(projectRoot, 'dist/apps/server/main.js')], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/** The lines in which the server says why it did not start. */
const refusals = (output: string) =>
  output
    .trim()
    .split('\n')
    .filter((line) => line.startsWith('Cannot start'));

describe('admin metadata checked against the API at start-up', () => {
  const name = `test_${randomBytes(6).toString('hex')}`;
  let databaseUrl: string;
  beforeAll(async () => {
    databaseUrl = await createDatabase(server(), name);
  });
  afterAll(() => dropDatabase(server(), name));

  it('refuses to start with one line naming the plugin, the resource and the field the API does not take', async () => {
    const { code, output } = await run('./apps/server/admin/test/fixtures/misnamed-admin-field', databaseUrl);
    expect(code).toBe(1);
    expect(refusals(output)).toEqual([
      'Cannot start: admin metadata of plugin "shelf-labels", resource "shelf-labels": field "label" is not accepted by CreateShelfLabelDto (POST /api/shelf-labels)',
    ]);
    expect(output).not.toContain('    at ');
  });

  it("refuses to start on another plugin's list the enabled declaring plugin lacks, leaving out one whose plugin is not enabled", async () => {
    const { code, output } = await run(
      'contacts,./apps/server/admin/test/fixtures/misnamed-admin-extension',
      databaseUrl,
    );
    expect(code).toBe(1);
    expect(refusals(output)).toEqual([
      'Cannot start: admin metadata of plugin "customer-badges", extension of "customer": plugin "contacts" declares no admin resource "customer"',
    ]);
  });
});
