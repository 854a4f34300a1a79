import { DataSource } from 'typeorm';
import { PluginRegistry } from '@clientele/core';
import { startTestApp, type TestApp } from './setup/harness.js';
import { DEMO_ADMIN_EMAIL, InterruptedSeedError, seedOnce } from '../apps/server/seed.js';

describe('first-start seeding', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ plugins: ['contacts'] });
  });
  afterAll(() => t?.close());

  const seed = () => seedOnce(t.app, t.get(PluginRegistry).plugins);

  it('seeds once, then leaves the data alone', async () => {
    const first = await seed();
    expect(first?.email).toBe(DEMO_ADMIN_EMAIL);
    expect(await seed()).toBeNull();
  });

  it('says plainly that a first start was stopped half-way through seeding, instead of colliding with its leftovers', async () => {
    const db = t.get(DataSource);
    // What a first start stopped after it began seeding leaves: its "seeding" mark, no "seeded" mark.
    await db.query(`DELETE FROM system_state WHERE key = 'seeded'`);
    await expect(seed()).rejects.toBeInstanceOf(InterruptedSeedError);
    await expect(seed()).rejects.toThrow(/delete \.\/data/);
  });
});
