import { bearer, startTestApp, type TestApp } from '../../../test/setup/harness.js';
import { goldContract } from './sla-test-kit.js';

describe('SLA contracts named by customer groups', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ plugins: ['contacts', 'customer-groups', 'sla'] });
  });
  afterAll(async () => {
    await t.close();
  });

  const group = (code: string, slaContractId: string) =>
    t
      .http()
      .post('/api/customer-groups')
      .set(bearer(t.adminToken))
      .send({ code, name: code, priority: 1, slaContractId, defaultSlaLevel: 'critical' });

  it('lets a group name a live contract, and refuses one that does not exist or was deleted', async () => {
    const { contract } = await goldContract(t, { name: 'For groups' });
    expect((await group('VIP', contract.id)).status).toBe(201);
    const unknown = await group('GHOST', '01900000-0000-7000-8000-000000000000');
    expect([unknown.status, unknown.body.details?.[0]?.code]).toEqual([400, 'UNKNOWN_SLA_CONTRACT']);
    const { contract: gone } = await goldContract(t, { name: 'Deleted' });
    expect((await t.http().delete(`/api/sla/contracts/${gone.id}`).set(bearer(t.adminToken))).status).toBe(204);
    expect((await group('OLD', gone.id)).status).toBe(400);
  });
});
