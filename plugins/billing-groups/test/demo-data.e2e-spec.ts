import { ModuleRef } from '@nestjs/core';
import { PluginRegistry } from '@clientele/core';
import { bearer, type TestApp } from '../../../test/setup/harness.js';
import { startBillingApp } from './billing-test-kit.js';

describe('billing demo data', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startBillingApp();
    const modules = t.app.get(ModuleRef);
    for (const plugin of t.get(PluginRegistry).plugins) {
      for (const seed of plugin.metadata.seeds ?? [])
        await modules.get(seed.provider, { strict: false })[seed.method]();
    }
  });

  afterAll(() => t.close());

  it('shows a fresh installation a group, paid and unpaid invoices, scores of both signs and a payment waiting in the queue', async () => {
    const admin = bearer(t.adminToken);
    const groups = (await t.http().get('/api/billing-groups').set(admin)).body.items;
    expect(groups).toEqual([expect.objectContaining({ name: 'Síť Šumperk s.r.o.', isDefault: true })]);
    const invoices = (await t.http().get('/api/invoices?limit=100').set(admin)).body.items;
    expect(invoices).toHaveLength(9);
    expect(new Set(invoices.map((i: { status: string }) => i.status))).toEqual(new Set(['paid', 'open']));
    // Three invoices paid two days early, three paid a week late.
    const best = (await t.http().get('/api/billing-accounts?sort=-scoreTotal&limit=1').set(admin)).body.items[0];
    const worst = (await t.http().get('/api/billing-accounts?sort=scoreTotal&limit=1').set(admin)).body.items[0];
    expect([best.scoreTotal, worst.scoreTotal]).toEqual([6, -21]);
    expect((await t.http().get('/api/payments?filter[matched]=false').set(admin)).body.items).toHaveLength(1);
  });
});
