import { startTestApp, type TestApp } from '../../../test/setup/harness.js';
import { CustomerGroupTerms } from '../group-terms.js';
import { ok, send } from './groups-test-kit.js';

describe("a group's SLA contract", () => {
  let t: TestApp;

  afterEach(() => t?.close());

  it('names a contract of the sla plugin while it is enabled, and refuses one it does not know', async () => {
    t = await startTestApp({ plugins: ['contacts', 'sla', 'customer-groups'] });
    const contract = await ok(t, t.adminToken, 'post', '/api/sla/contracts', {
      name: 'Gold',
      defaultLevel: 'critical',
      levels: [{ code: 'critical', name: 'Critical', firstResponseMinutes: 30, resolutionMinutes: 240 }],
    });
    const group = await ok(t, t.adminToken, 'post', '/api/customer-groups', {
      code: 'GOLD',
      name: 'Gold customers',
      priority: 1,
      slaContractId: contract.id,
      defaultSlaLevel: 'critical',
    });
    expect(group).toMatchObject({ slaContractId: contract.id, defaultSlaLevel: 'critical' });
    const unknown = await send(t, t.adminToken, 'patch', `/api/customer-groups/${group.id}`, {
      version: group.version,
      slaContractId: '0190f0f0-0000-7000-8000-00000000beef',
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.details[0]).toMatchObject({ field: 'slaContractId', code: 'UNKNOWN_SLA_CONTRACT' });

    // The helpdesk asks for a customer's terms: the first group by priority that names a contract.
    const book = await ok(t, t.adminToken, 'post', '/api/address-books', { name: 'Praha' });
    const customer = await ok(t, t.adminToken, 'post', '/api/customers', { name: 'Gold Co', addressBookId: book.id });
    const terms = t.get(CustomerGroupTerms);
    expect(await terms.slaTerms(customer.id)).toBeNull();
    const plain = await ok(t, t.adminToken, 'post', '/api/customer-groups', {
      code: 'PLAIN',
      name: 'Plain',
      priority: 0,
    });
    await ok(t, t.adminToken, 'post', '/api/customer-group-memberships', {
      groupId: plain.id,
      customerId: customer.id,
    });
    await ok(t, t.adminToken, 'post', '/api/customer-group-memberships', {
      groupId: group.id,
      customerId: customer.id,
    });
    expect(await terms.slaTerms(customer.id)).toEqual({
      groupId: group.id,
      name: 'Gold customers',
      contractId: contract.id,
      defaultLevel: 'critical',
    });
  });

  it('has no SLA contract without the sla plugin', async () => {
    t = await startTestApp({ plugins: ['contacts', 'customer-groups'] });
    const res = await send(t, t.adminToken, 'post', '/api/customer-groups', {
      code: 'GOLD',
      name: 'Gold',
      priority: 1,
      slaContractId: '0190f0f0-0000-7000-8000-00000000beef',
    });
    expect(res.status).toBe(400);
    expect(res.body.details[0]).toMatchObject({ field: 'slaContractId', code: 'SLA_NOT_ENABLED' });
  });
});
