import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import pg from 'pg';
import { createDatabase, dropDatabase } from '@clientele/core';
import { loadPlugins } from '../apps/server/plugin-loader.js';
import { projectRoot } from '../apps/server/paths.js';

const run = (script: string, args: string[], env: Record<string, string>) =>
  spawnSync(process.execPath, [join(projectRoot, script), ...args], {
    env: { ...process.env, NODE_OPTIONS: '', LOG_LEVEL: 'silent', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });

describe('loading plugins from config', () => {
  const server = process.env.TEST_PG_SERVER_URL!;
  const name = `test_plugins_${randomBytes(4).toString('hex')}`;
  let databaseUrl: string;
  beforeAll(async () => {
    databaseUrl = await createDatabase(server, name);
  });
  afterAll(() => dropDatabase(server, name));

  it('orders plugins after their dependencies', async () => {
    const plugins = await loadPlugins(['./test/fixtures/dependent-plugin', './test/fixtures/external-plugin', 'notes']);
    expect(plugins.map((p) => p.metadata.id)).toEqual(['asset-tags', 'asset-labels', 'notes']);
  });

  it('refuses unknown plugins and missing dependencies with one clear line', async () => {
    await expect(loadPlugins(['contacts', 'billing-magic'])).rejects.toThrow('Unknown plugin "billing-magic"');
    await expect(loadPlugins(['./test/fixtures/dependent-plugin'])).rejects.toThrow(
      'Plugin "asset-labels" needs plugin "asset-tags", which is not enabled',
    );
    const boot = run('dist/apps/server/main.js', [], {
      DATABASE_URL: databaseUrl,
      CLIENTELE_PLUGINS: 'contacts,billing-magic',
    });
    expect(boot.status).toBe(1);
    expect(boot.stdout.trim().split('\n').pop()).toBe(
      'Cannot start: Unknown plugin "billing-magic": there is no plugins/billing-magic/billing-magic.plugin.ts',
    );
  });

  it('migrates per plugin, records each migration under its plugin, and creates users from the CLI', async () => {
    const migrated = run('dist/apps/cli/main.js', ['migrate'], {
      DATABASE_URL: databaseUrl,
      CLIENTELE_PLUGINS: 'contacts,notes',
    });
    expect(migrated.stdout).toContain('migrated core/0001-core');
    expect(migrated.status).toBe(0);
    const created = run(
      'dist/apps/cli/main.js',
      ['users', 'create', '--email', 'ops@test.local', '--name', 'Ops', '--password', 'ops-password-1'],
      {
        DATABASE_URL: databaseUrl,
        CLIENTELE_PLUGINS: 'contacts,notes',
      },
    );
    expect(created.stdout).toMatch(/created ops@test\.local/);
    expect(created.status).toBe(0);
    const common = run(
      'dist/apps/cli/main.js',
      ['users', 'create', '--email', 'weak@test.local', '--password', 'password1'],
      {
        DATABASE_URL: databaseUrl,
        CLIENTELE_PLUGINS: 'contacts,notes',
      },
    );
    expect(common.stdout).toContain('one of the most common');
    expect(common.status).toBe(2);

    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const rows = (await client.query(`SELECT plugin, name FROM clientele_migrations ORDER BY applied_at, plugin`))
        .rows;
      const plugins = rows.map((r) => r.plugin);
      expect(new Set(plugins)).toEqual(new Set(['core', 'contacts', 'notes']));
      expect(plugins.indexOf('core')).toBe(0);
      const [user] = (
        await client.query(`SELECT display_name, password_hash FROM users WHERE email = 'ops@test.local'`)
      ).rows;
      expect(user.display_name).toBe('Ops');
      expect(user.password_hash).toMatch(/^\$argon2id\$/);
    } finally {
      await client.end();
    }
    const again = run('dist/apps/cli/main.js', ['migrate'], {
      DATABASE_URL: databaseUrl,
      CLIENTELE_PLUGINS: 'contacts,notes',
    });
    expect(again.stdout).not.toContain('migrated ');
  });
});
