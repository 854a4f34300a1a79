import { INestApplicationContext, Logger } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { LoadedPlugin, RequestContext, UsersService, generatePassword } from '@clientele/core';

export const DEMO_ADMIN_EMAIL = 'admin@clientele.local';

/** A first start stopped while it seeded: said in one line, like a configuration error. */
export class InterruptedSeedError extends Error {
  constructor() {
    super(
      'the first start was stopped while it wrote the demo data, and only part of it is there. Nothing else has been stored yet: ' +
        'delete ./data (or empty the DATABASE_URL database) and start again.',
    );
  }
}

/**
 * On the first start of a database: a master admin (its password printed once) and the
 * demo data of every enabled plugin. Later starts find the marker and leave data alone.
 */
export interface Seeded {
  email: string;
  password: string;
  /** What the plugins' demo data wants the operator to know (demo sign-ins). */
  notes: string[];
}

export async function seedOnce(app: INestApplicationContext, plugins: LoadedPlugin[]): Promise<Seeded | null> {
  const db = app.get<DataSource>(getDataSourceToken());
  // Several servers may start on one empty database at once: one seeds, the others wait and skip.
  const runner = db.createQueryRunner();
  await runner.connect();
  await runner.query(`SELECT pg_advisory_lock(hashtext('clientele:seed'))`);
  try {
    return await seed(app, db, plugins);
  } finally {
    await runner.query(`SELECT pg_advisory_unlock(hashtext('clientele:seed'))`);
    await runner.release();
  }
}

async function seed(app: INestApplicationContext, db: DataSource, plugins: LoadedPlugin[]): Promise<Seeded | null> {
  const states: { key: string }[] = await db.query(`SELECT key FROM system_state WHERE key IN ('seeding', 'seeded')`);
  if (states.some((s) => s.key === 'seeded')) return null;
  // The demo data is written through the services' own transactions, not in one: a first start
  // stopped half-way leaves part of it, which a second seed would collide with.
  if (states.length) throw new InterruptedSeedError();
  await db.query(`INSERT INTO system_state (key, value) VALUES ('seeding', to_jsonb(now()))`);
  const password = process.env.CLIENTELE_ADMIN_PASSWORD ?? generatePassword();
  const ctx = RequestContext.system();
  await app
    .get(UsersService)
    .create({ email: DEMO_ADMIN_EMAIL, displayName: 'Master Admin', password, isMasterAdmin: true }, ctx);
  const notes: string[] = [];
  if (process.env.CLIENTELE_DEMO_DATA !== 'off') {
    const moduleRef = app.get(ModuleRef);
    for (const plugin of plugins) {
      for (const seed of plugin.metadata.seeds ?? []) {
        const lines = await moduleRef.get(seed.provider, { strict: false })[seed.method]();
        if (Array.isArray(lines)) notes.push(...lines);
        Logger.log(`demo data of ${plugin.metadata.id} seeded`, 'Seed');
      }
    }
  }
  await db.query(`INSERT INTO system_state (key, value) VALUES ('seeded', to_jsonb(now()))`);
  return { email: DEMO_ADMIN_EMAIL, password, notes };
}
