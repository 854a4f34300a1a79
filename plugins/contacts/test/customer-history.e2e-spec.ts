import { bearer, startTestApp, type TestApp } from '../../../test/setup/harness.js';
import { contactsBasics, createCustomer, grant } from './helpers.js';

/**
 * A customer's history shows each reader only what the card shows them: support values of
 * parameters hidden from their audience are left out of every entry, on the record's history
 * and on the global one alike. (Entries of private notes: see notes-private.e2e-spec.ts.)
 */
describe("a customer's history, read by each audience", () => {
  let t: TestApp;
  let customerId: string;
  let customerUser: string;
  let staffUser: string;

  beforeAll(async () => {
    t = await startTestApp({ plugins: ['contacts'] });
    const admin = bearer(t.adminToken);
    const { addressBooks } = await contactsBasics(t);
    const parameters = [
      { code: 'segment', name: 'Segment', position: 1, visibleToCustomer: false, visibleToStaff: true },
      {
        code: 'consultations_left',
        name: 'Consultations left',
        position: 2,
        visibleToCustomer: true,
        visibleToStaff: true,
      },
      { code: 'risk', name: 'Risk', position: 3, visibleToCustomer: false, visibleToStaff: false },
    ];
    for (const p of parameters)
      expect((await t.http().post('/api/support-parameters').set(admin).send(p)).status).toBe(201);
    const customer = await createCustomer(t, t.adminToken, {
      name: 'Historie s.r.o.',
      addressBookId: addressBooks[0].id,
    });
    customerId = customer.id;
    for (const [code, value] of [
      ['segment', 'VIP-SECRET'],
      ['consultations_left', '5'],
      ['risk', 'RISK-SECRET'],
    ]) {
      const set = await t
        .http()
        .put(`/api/customers/${customerId}/support-values/${code}`)
        .set(admin)
        .send({ value, color: '#aa0000' });
      expect(set.status).toBe(200);
    }
    const inCustomer = await t.user('customer.user@history.local', { homeNodeId: customerId });
    await grant(t, inCustomer.id, 'administrator', customerId);
    customerUser = inCustomer.token;
    const clerk = await t.user('clerk@history.local');
    await grant(t, clerk.id, 'administrator', addressBooks[0].id);
    staffUser = clerk.token;
  });
  afterAll(() => t?.close());

  const seenCodes = (items: any[]) =>
    [
      ...new Set(
        items.flatMap((h) => Object.keys({ ...h.changes?.supportValues?.before, ...h.changes?.supportValues?.after })),
      ),
    ].sort();
  const recordHistory = (token: string) => t.http().get(`/api/customers/${customerId}/history`).set(bearer(token));
  const globalHistory = (token: string) =>
    t.http().get(`/api/history?filter[entityType]=customer&filter[entityId]=${customerId}`).set(bearer(token));

  it('shows a customer user only the support values visible to customers', async () => {
    const res = await recordHistory(customerUser);
    expect(res.status).toBe(200);
    expect(seenCodes(res.body.items)).toEqual(['consultations_left']);
    expect(JSON.stringify(res.body)).not.toMatch(/VIP-SECRET|RISK-SECRET|segment|risk/);
  });

  it('shows staff the support values visible to staff, on the record history and the global one', async () => {
    for (const res of [await recordHistory(staffUser), await globalHistory(staffUser)]) {
      expect(res.status).toBe(200);
      expect(seenCodes(res.body.items)).toEqual(['consultations_left', 'segment']);
      expect(JSON.stringify(res.body)).not.toContain('RISK-SECRET');
    }
  });

  it('shows a master admin everything', async () => {
    expect(seenCodes((await recordHistory(t.adminToken)).body.items)).toEqual([
      'consultations_left',
      'risk',
      'segment',
    ]);
  });

  it('keeps every entry, so paging and totals are the same for every reader', async () => {
    const totals = await Promise.all(
      [customerUser, staffUser, t.adminToken].map(async (token) => (await recordHistory(token)).body.total),
    );
    expect(totals).toEqual([4, 4, 4]);
    const hiddenChange = (await recordHistory(customerUser)).body.items.find(
      (h: any) => h.action === 'update' && !h.changes.supportValues,
    );
    expect(hiddenChange).toBeDefined();
  });
});
