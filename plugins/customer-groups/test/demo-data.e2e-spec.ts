import type { TestApp } from '../../../test/setup/harness.js';
import { CustomerGroupsDemoData } from '../demo-data.js';
import { ok, startGroupsApp, world } from './groups-test-kit.js';

describe('customer groups demo data', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startGroupsApp();
    // The demo customers contacts' demo data would have made.
    const w = await world(t);
    for (const name of ['Dvořák Jan', 'Pekárna Šťastný s.r.o.', 'Kováčová Zuzana', 'Horská chata Ľubochňa'])
      await w.customer(name, w.praha);
    await t.get(CustomerGroupsDemoData).seed();
  });
  afterAll(() => t?.close());

  it('brings VIP, corporate staff and resellers with price lists, members and responsibilities', async () => {
    const groups = await ok(t, t.adminToken, 'get', '/api/customer-groups');
    expect(groups.items.map((g: any) => g.code)).toEqual(['VIP', 'STAFF', 'RESELLERS']);
    const [vip, staff] = groups.items;
    const member = (await ok(t, t.adminToken, 'get', `/api/customer-groups/${vip.id}/members`)).items[0];
    expect((await ok(t, t.adminToken, 'get', `/api/customer-groups/${staff.id}/members`)).items[0].customerId).toBe(
      member.customerId,
    );
    // In VIP and in staff: VIP's price list wins by priority; staff's list loses, saying why.
    const price = await ok(t, t.adminToken, 'get', `/api/customers/${member.customerId}/prices?product=NET-1000`);
    expect(price).toMatchObject({ price: '749.0000', decidedBy: { group: { code: 'VIP' } } });
    expect(price.candidates.find((c: any) => c.group?.code === 'STAFF').lostBecause.code).toBe('HIGHER_GROUP_PRIORITY');
    const helpdesk = await ok(
      t,
      t.adminToken,
      'get',
      `/api/customers/${member.customerId}/responsibility?area=helpdesk`,
    );
    expect(helpdesk.responsible.kind).toMatch(/own-person|group/);
    const future = await ok(t, t.adminToken, 'get', `/api/customer-groups/${vip.id}/members?all=true`);
    expect(future.items.some((m: any) => !m.current)).toBe(true);
  });
});
