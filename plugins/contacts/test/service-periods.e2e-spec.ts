import { bearer, startTestApp, type TestApp } from '../../../test/setup/harness.js';
import { contactsBasics, createCustomer } from './helpers.js';

describe("a service's connections (tariff history) and custom variables as list columns", () => {
  let t: TestApp;
  let bookId: string;
  let templateId: string;
  const admin = () => bearer(t.adminToken);
  beforeAll(async () => {
    t = await startTestApp({ plugins: ['contacts'] });
    ({
      templateId,
      addressBooks: [{ id: bookId }],
    } = await contactsBasics(t));
  });
  afterAll(() => t?.close());

  it('opens a period on connect, closes it with a date on a new tariff or a disconnection, and opens the next on reconnect', async () => {
    const support = (
      await t
        .http()
        .post('/api/service-templates')
        .set(admin())
        .send({ code: 'support', name: 'Support line', defaultSettings: {} })
    ).body;
    const customer = await createCustomer(t, t.adminToken, { name: 'Tariff s.r.o.', addressBookId: bookId });
    const [consumer] = (await t.http().get(`/api/customers/${customer.id}/consumers`).set(admin())).body.items;
    const [service] = (await t.http().get(`/api/consumers/${consumer.id}/services`).set(admin())).body.items;
    const periods = async () => (await t.http().get(`/api/services/${service.id}`).set(admin())).body.periods;
    const version = async () => (await t.http().get(`/api/services/${service.id}`).set(admin())).body.version;
    const change = async (patch: Record<string, unknown>) => {
      const res = await t
        .http()
        .patch(`/api/services/${service.id}`)
        .set(admin())
        .send({ version: await version(), ...patch });
      expect(res.status).toBe(200);
    };

    expect(await periods()).toEqual([expect.objectContaining({ templateId, disconnectedAt: null })]);
    await change({ templateId: support.id });
    await change({ status: 'disconnected' });
    await change({ status: 'active' });
    const history = await periods();
    expect(history.map((p: any) => [p.templateId, p.disconnectedAt === null])).toEqual([
      [templateId, false],
      [support.id, false],
      [support.id, true],
    ]);
    for (let i = 0; i < history.length; i++) {
      const opened = Date.parse(history[i].connectedAt);
      expect(opened).toBeGreaterThan(Date.now() - 60_000);
      if (history[i].disconnectedAt) expect(Date.parse(history[i].disconnectedAt)).toBeGreaterThanOrEqual(opened);
      if (i > 0) expect(opened).toBeGreaterThanOrEqual(Date.parse(history[i - 1].disconnectedAt));
    }
  });

  it('creates a customer while no service template is active with its default consumer and no service, and gives the first one once a template is active again', async () => {
    const templates = (await t.http().get('/api/service-templates').set(admin())).body.items;
    const setActive = async (isActive: boolean) => {
      for (const template of templates) {
        const current = (await t.http().get(`/api/service-templates/${template.id}`).set(admin())).body;
        expect(
          (
            await t
              .http()
              .patch(`/api/service-templates/${template.id}`)
              .set(admin())
              .send({ version: current.version, isActive })
          ).status,
        ).toBe(200);
      }
    };
    const servicesOf = async (customerId: string) => {
      const consumers = (await t.http().get(`/api/customers/${customerId}/consumers`).set(admin())).body.items;
      expect(consumers).toHaveLength(1);
      return (await t.http().get(`/api/consumers/${consumers[0].id}/services`).set(admin())).body.items;
    };
    await setActive(false);
    try {
      const bare = await createCustomer(t, t.adminToken, { name: 'No Tariff Yet s.r.o.', addressBookId: bookId });
      expect(await servicesOf(bare.id)).toEqual([]);
    } finally {
      await setActive(true);
    }
    const served = await createCustomer(t, t.adminToken, { name: 'With Tariff s.r.o.', addressBookId: bookId });
    expect(await servicesOf(served.id)).toHaveLength(1);
  });

  it('shows custom variables on each row of the customer list and filters by them', async () => {
    const variable = await t
      .http()
      .post('/api/customer-variables')
      .set(admin())
      .send({ key: 'contract_no', label: 'Contract', type: 'number' });
    expect(variable.status).toBe(201);
    const one = await createCustomer(t, t.adminToken, {
      name: 'Columns One',
      addressBookId: bookId,
      customFields: { contract_no: 1001 },
    });
    await createCustomer(t, t.adminToken, {
      name: 'Columns Two',
      addressBookId: bookId,
      customFields: { contract_no: 1002 },
    });
    const list = await t.http().get('/api/customers').query({ q: 'Columns' }).set(admin());
    expect(list.body.items.map((c: any) => [c.name, c.customFields?.contract_no])).toEqual([
      ['Columns One', 1001],
      ['Columns Two', 1002],
    ]);
    const filtered = await t.http().get('/api/customers').query({ 'filter[custom.contract_no]': '1001' }).set(admin());
    expect(filtered.body.items.map((c: any) => c.id)).toEqual([one.id]);
  });
});
