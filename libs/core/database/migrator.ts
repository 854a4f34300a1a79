import pg from 'pg';
import type { MigrationDefinition } from '../plugin/plugin.types.js';

export interface PluginMigrations {
  plugin: string;
  migrations: MigrationDefinition[];
}

/**
 * Refuses a plugin's migrations unless their names sort in the order they are listed, which is
 * the order they run: so a file listing shows the order, and a new migration named to sort last
 * runs last.
 */
export function checkMigrationOrder(plugins: PluginMigrations[]) {
  for (const { plugin, migrations } of plugins) {
    for (let i = 1; i < migrations.length; i++) {
      const [before, after] = [migrations[i - 1].name, migrations[i].name];
      if (!(before < after))
        throw new Error(
          `Migrations of ${plugin} must be listed in the order of their names: "${after}" is listed after "${before}"`,
        );
    }
  }
}

/**
 * Applies each plugin's SQL migrations in the order given (the host passes plugins in
 * dependency order) and records them per plugin. A migration and its record commit together;
 * an advisory lock keeps two servers starting at once from migrating twice.
 */
export async function migrate(
  databaseUrl: string,
  plugins: PluginMigrations[],
  log: (line: string) => void = () => {},
) {
  checkMigrationOrder(plugins);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`SELECT pg_advisory_lock(hashtext('clientele:migrations'))`);
    await client.query(`CREATE TABLE IF NOT EXISTS clientele_migrations (
      plugin text NOT NULL, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (plugin, name))`);
    const applied = new Set(
      (await client.query('SELECT plugin, name FROM clientele_migrations')).rows.map((r) => `${r.plugin}/${r.name}`),
    );
    let count = 0;
    for (const { plugin, migrations } of plugins) {
      for (const migration of migrations) {
        if (applied.has(`${plugin}/${migration.name}`)) continue;
        await client.query('BEGIN');
        try {
          await client.query(migration.up);
          await client.query('INSERT INTO clientele_migrations (plugin, name) VALUES ($1, $2)', [
            plugin,
            migration.name,
          ]);
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK');
          throw new Error(`Migration ${plugin}/${migration.name} failed: ${(error as Error).message}`, {
            cause: error,
          });
        }
        log(`migrated ${plugin}/${migration.name}`);
        count++;
      }
    }
    return count;
  } finally {
    await client.query(`SELECT pg_advisory_unlock(hashtext('clientele:migrations'))`).catch(() => {});
    await client.end();
  }
}
