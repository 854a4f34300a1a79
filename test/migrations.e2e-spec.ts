import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import {
  PluginRegistry,
  checkMigrationOrder,
  coreMigrations,
  createDatabase,
  dropDatabase,
  migrate,
} from '@clientele/core';
import { schemaDrift } from './schema-drift.js';
import { startTestApp, TestApp } from './setup/harness.js';

/** Every plugin in the repository, so that a new plugin's migrations and entities are checked too. */
const builtInPlugins = () =>
  readdirSync(join(process.cwd(), 'plugins')).filter((id) =>
    existsSync(join(process.cwd(), 'plugins', id, `${id}.plugin.ts`)),
  );

describe('migrations', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ plugins: builtInPlugins() });
  });
  afterAll(() => t?.close());

  it('list each plugin’s migrations, and core’s, in the order of their names', () => {
    const plugins = [
      { plugin: 'core', migrations: coreMigrations },
      ...t.get(PluginRegistry).plugins.map((p) => ({ plugin: p.metadata.id, migrations: p.metadata.migrations ?? [] })),
    ];
    expect(() => checkMigrationOrder(plugins)).not.toThrow();
    for (const { migrations } of plugins)
      expect(migrations.map((m) => m.name)).toEqual(migrations.map((m) => m.name).sort());
    expect(t.get(PluginRegistry).plugins.length).toBe(builtInPlugins().length);
  });

  it('refuses migrations listed out of the order of their names before running any', async () => {
    const name = `test_migrate_${Date.now()}`;
    const url = await createDatabase(process.env.TEST_PG_SERVER_URL!, name);
    const db = new DataSource({ type: 'postgres', url });
    await db.initialize();
    try {
      const run = migrate(url, [
        { plugin: 'core', migrations: coreMigrations },
        {
          plugin: 'late',
          migrations: [
            { name: '0002-second', up: 'CREATE TABLE late_second (id int)' },
            { name: '0001-first', up: 'CREATE TABLE late_first (id int)' },
          ],
        },
      ]);
      await expect(run).rejects.toThrow(
        'Migrations of late must be listed in the order of their names: "0001-first" is listed after "0002-second"',
      );
      const [{ tables }] = await db.query(
        `SELECT count(*)::int AS tables FROM information_schema.tables WHERE table_schema = 'public'`,
      );
      expect(tables).toBe(0);
    } finally {
      await db.destroy();
      await dropDatabase(process.env.TEST_PG_SERVER_URL!, name);
    }
  });

  it('leave the schema to the migrations: TypeORM never synchronises it', () => {
    const options = t.get(DataSource).options;
    expect(options.synchronize).toBe(false);
    expect(options.migrationsRun ?? false).toBe(false);
    expect(options.dropSchema ?? false).toBe(false);
  });

  it('create the table of every core and plugin entity', async () => {
    const db = t.get(DataSource);
    const tables: string[] = (
      await db.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()`)
    ).map((r: { table_name: string }) => r.table_name);
    const entities = db.entityMetadatas.map((e) => e.tableName);
    expect(entities).toEqual(
      expect.arrayContaining([
        'users',
        'scope_nodes',
        'roles',
        'user_groups',
        'grants',
        'history',
        'custom_field_definitions',
      ]),
    );
    expect(entities.filter((table) => !tables.includes(table))).toEqual([]);
  });

  it('create core’s own tables with core alone, custom field definitions included', async () => {
    const core = await startTestApp({ plugins: [] });
    try {
      const db = core.get(DataSource);
      const tables: string[] = (
        await db.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()`)
      ).map((r: { table_name: string }) => r.table_name);
      const coreTables = [
        'users',
        'scope_nodes',
        'roles',
        'user_groups',
        'grants',
        'history',
        'settings',
        'custom_field_definitions',
        'jobs',
        'event_outbox',
      ];
      expect(coreTables.filter((table) => !tables.includes(table))).toEqual([]);
      // No plugin ran: nothing but core's tables.
      expect(tables.filter((table) => /^(contacts|notes|billing|customer_groups|sla)_/.test(table))).toEqual([]);
    } finally {
      await core.close();
    }
  });

  it('leave the entities nothing to change: every mapped column exists with its type and nullability', async () => {
    expect(await schemaDrift(t.get(DataSource))).toEqual([]);
  });

  it('would notice drift: a column dropped, retyped, made nullable, or added without the entity, and a primary key gone', async () => {
    const db = t.get(DataSource);
    const before = await schemaDrift(db);
    let drift: string[] = [];
    await db
      .transaction(async (m) => {
        await m.query('ALTER TABLE roles ALTER COLUMN is_builtin DROP DEFAULT');
        await m.query('ALTER TABLE roles DROP CONSTRAINT roles_pkey CASCADE');
        await m.query(
          `ALTER TABLE roles DROP COLUMN description, ALTER COLUMN is_builtin TYPE integer USING is_builtin::int, ALTER COLUMN name DROP NOT NULL, ADD COLUMN weight integer NOT NULL DEFAULT 0`,
        );
        await m.query('ALTER TABLE roles ALTER COLUMN weight DROP DEFAULT');
        drift = await schemaDrift(db, m);
        throw new Rollback();
      })
      .catch((error) => {
        if (!(error instanceof Rollback)) throw error;
      });
    expect(drift.filter((line) => !before.includes(line)).sort()).toEqual([
      'Role.description: column roles.description does not exist',
      'roles.is_builtin: the entity says boolean, the table has integer',
      'roles.name: the entity says NOT NULL, the table nullable',
      'roles.weight: NOT NULL without a default, and Role does not map it',
      "roles: the entity's primary key (id) is no key of the table, whose primary key is ()",
    ]);
    expect(await schemaDrift(db)).toEqual(before);
  });
});

class Rollback extends Error {}
