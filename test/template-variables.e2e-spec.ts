import { randomBytes } from 'node:crypto';
import { RequestContext, TemplateVariables, createDatabase } from '@clientele/core';
import { contactsBasics, createCustomer, grant } from '../plugins/contacts/test/helpers.js';
import { TestApp, bearer, startTestApp } from './setup/harness.js';

describe('Template variables', () => {
  let t: TestApp;
  let customer: any;
  let serviceId: string;
  const admin = () => bearer(t.adminToken);

  beforeAll(async () => {
    t = await startTestApp({ plugins: ['contacts'] });
    await contactsBasics(t);
    const tier = await t
      .http()
      .post('/api/customer-variables')
      .set(admin())
      .send({ key: 'tier', label: 'Tier', type: 'text' });
    expect(tier.status).toBe(201);
    customer = await createCustomer(t, t.adminToken, {
      name: 'Pekárna Šťastný s.r.o.',
      email: 'info@pekarna.cz',
      billingEmail: 'faktury@pekarna.cz',
      city: 'Zábřeh',
      taxIds: [{ type: 'ico', value: '25596641' }],
      customFields: { tier: 'Gold' },
    });
    const person = await t
      .http()
      .post(`/api/customers/${customer.id}/contact-persons`)
      .set(admin())
      .send({ name: 'Eva Malá', position: 'Accountant', email: 'eva@pekarna.cz' });
    expect(person.status).toBe(201);
    const consumers = await t.http().get(`/api/customers/${customer.id}/consumers`).set(admin());
    const services = await t.http().get(`/api/consumers/${consumers.body.items[0].id}/services`).set(admin());
    serviceId = services.body.items[0].id;
  });
  afterAll(() => t.close());

  it('are listed per context with their type, example, description and plugin', async () => {
    const res = await t.http().get('/api/template-variables').query({ context: 'customer' }).set(admin());
    expect(res.status).toBe(200);
    const byKey = new Map(res.body.items.map((v: any) => [v.key, v]));
    expect(byKey.get('customer.number')).toEqual({
      key: 'customer.number',
      label: 'Customer number',
      type: 'string',
      example: 'C-000123',
      description: 'Also the variable symbol on invoices',
      context: 'customer',
      plugin: 'contacts',
    });
    expect(byKey.get('customer.custom.<key>')).toEqual(expect.objectContaining({ plugin: 'contacts' }));
    expect(byKey.get('service.status')).toEqual(expect.objectContaining({ type: 'string' }));
    expect(byKey.get('contactPersons')).toEqual(expect.objectContaining({ type: 'list' }));
    expect(res.body.items.every((v: any) => v.context === 'customer')).toBe(true);

    const all = await t
      .http()
      .get('/api/template-variables')
      .set(bearer((await t.user('reader@test.local')).token));
    expect(all.status).toBe(200);
    expect(new Set(all.body.items.map((v: any) => v.context))).toEqual(new Set(['customer', 'service']));
  });

  it('refuse an unknown context with 400 naming it', async () => {
    const unknown = await t.http().get('/api/template-variables').query({ context: 'invoice' }).set(admin());
    expect(unknown.status).toBe(400);
    expect(unknown.body.details[0]).toEqual(expect.objectContaining({ field: 'context', code: 'UNKNOWN_CONTEXT' }));
    const values = await t
      .http()
      .get('/api/template-variables/values')
      .query({ context: 'invoice', id: customer.id })
      .set(admin());
    expect(values.status).toBe(400);
    const badId = await t
      .http()
      .get('/api/template-variables/values')
      .query({ context: 'customer', id: 'nope' })
      .set(admin());
    expect(badId.status).toBe(400);
    expect(badId.body.details[0].field).toBe('id');
  });

  it("resolve a customer's card, custom variables, active service and contact persons", async () => {
    const res = await t
      .http()
      .get('/api/template-variables/values')
      .query({ context: 'customer', id: customer.id })
      .set(admin());
    expect(res.status).toBe(200);
    expect(res.body.customer).toEqual(
      expect.objectContaining({
        number: customer.number,
        name: 'Pekárna Šťastný s.r.o.',
        email: 'info@pekarna.cz',
        invoiceEmail: 'faktury@pekarna.cz',
        city: 'Zábřeh',
        taxIds: [{ type: 'ico', value: '25596641' }],
        custom: { tier: 'Gold' },
        addressBook: { name: 'Praha' },
        state: null,
      }),
    );
    expect(res.body.service).toEqual({
      name: 'Internet',
      status: 'active',
      template: 'Internet',
      settings: { speedMbit: 100 },
    });
    expect(res.body.contactPersons).toEqual([
      {
        id: expect.any(String),
        name: 'Eva Malá',
        position: 'Accountant',
        email: 'eva@pekarna.cz',
        phone: null,
        mobile: null,
        isEmployee: false,
      },
    ]);

    // The template service resolves the same through the core service.
    const direct = await t.get(TemplateVariables).values('customer', customer.id, RequestContext.system());
    expect(direct).toEqual(res.body);
  });

  it('show no active service once the service is disconnected', async () => {
    const disconnected = await t
      .http()
      .patch(`/api/services/${serviceId}`)
      .set(admin())
      .send({ status: 'disconnected' });
    expect(disconnected.status).toBe(200);
    const res = await t
      .http()
      .get('/api/template-variables/values')
      .query({ context: 'customer', id: customer.id })
      .set(admin());
    expect(res.body.service).toBeNull();
    await t.http().patch(`/api/services/${serviceId}`).set(admin()).send({ status: 'active' });
  });

  it('resolve a service with its consumer and customer', async () => {
    const res = await t
      .http()
      .get('/api/template-variables/values')
      .query({ context: 'service', id: serviceId })
      .set(admin());
    expect(res.status).toBe(200);
    expect(res.body).toEqual(
      expect.objectContaining({
        service: expect.objectContaining({ name: 'Internet', status: 'active' }),
        consumer: { name: 'Pekárna Šťastný s.r.o.' },
        customer: expect.objectContaining({ number: customer.number }),
      }),
    );
    expect(res.body.contactPersons).toHaveLength(1);
  });

  it('answer 404 to a caller who may not read the record, as for one that does not exist', async () => {
    const outsider = bearer((await t.user('outsider@test.local')).token);
    for (const [context, id] of [
      ['customer', customer.id],
      ['service', serviceId],
    ]) {
      const res = await t.http().get('/api/template-variables/values').query({ context, id }).set(outsider);
      expect(res.status).toBe(404);
    }
    const missing = await t
      .http()
      .get('/api/template-variables/values')
      .query({ context: 'customer', id: '01900000-0000-7000-8000-000000000000' })
      .set(admin());
    expect(missing.status).toBe(404);
    expect(
      (await t.http().get('/api/template-variables/values').query({ context: 'customer', id: customer.id })).status,
    ).toBe(401);
  });

  it('give a caller who may read only the service no values of its customer', async () => {
    const caller = await t.user('caller@test.local');
    await grant(t, caller.id, 'caller', serviceId);
    const res = await t
      .http()
      .get('/api/template-variables/values')
      .query({ context: 'service', id: serviceId })
      .set(bearer(caller.token));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      service: expect.objectContaining({ name: 'Internet' }),
      consumer: { name: 'Pekárna Šťastný s.r.o.' },
      customer: null,
      contactPersons: [],
    });
    const asCustomer = await t
      .http()
      .get('/api/template-variables/values')
      .query({ context: 'customer', id: customer.id })
      .set(bearer(caller.token));
    expect(asCustomer.status).toBe(404);
  });

  it('leave out contact persons for a caller who may read the customer but not its people', async () => {
    const role = await t
      .http()
      .post('/api/roles')
      .set(admin())
      .send({ code: 'reader', name: 'Reader', permissions: ['contacts.customer.read', 'contacts.service.read'] });
    expect(role.status).toBe(201);
    const reader = await t.user('customer-reader@test.local');
    expect(
      (
        await t
          .http()
          .post('/api/grants')
          .set(admin())
          .send({ userId: reader.id, roleId: role.body.id, nodeId: customer.id })
      ).status,
    ).toBe(201);
    const res = await t
      .http()
      .get('/api/template-variables/values')
      .query({ context: 'customer', id: customer.id })
      .set(bearer(reader.token));
    expect(res.status).toBe(200);
    expect(res.body.customer).toEqual(expect.objectContaining({ number: customer.number }));
    expect(res.body.service).toEqual(expect.objectContaining({ name: 'Internet' }));
    expect(res.body.contactPersons).toEqual([]);
  });
});

describe('Template variables of several plugins', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ plugins: ['contacts', './test/fixtures/customer-motto-plugin'] });
    await contactsBasics(t);
  });
  afterAll(() => t.close());

  it("merge into one object per context, each plugin's values checked for the caller", async () => {
    const customer = await createCustomer(t, t.adminToken, { name: 'Pekárna' });
    const listed = await t
      .http()
      .get('/api/template-variables')
      .query({ context: 'customer' })
      .set(bearer(t.adminToken));
    expect(listed.body.items).toEqual(
      expect.arrayContaining([expect.objectContaining({ key: 'customer.motto.text', plugin: 'customer-motto' })]),
    );
    const res = await t
      .http()
      .get('/api/template-variables/values')
      .query({ context: 'customer', id: customer.id })
      .set(bearer(t.adminToken));
    expect(res.status).toBe(200);
    expect(res.body.customer).toEqual(
      expect.objectContaining({ name: 'Pekárna', number: customer.number, motto: { text: 'Bread every day' } }),
    );
    const outsider = await t.user('motto-outsider@test.local');
    expect(
      (
        await t
          .http()
          .get('/api/template-variables/values')
          .query({ context: 'customer', id: customer.id })
          .set(bearer(outsider.token))
      ).status,
    ).toBe(404);
  });

  it('refuse to start when a source names a method its provider lacks', async () => {
    const server = process.env.TEST_PG_SERVER_URL!;
    const name = `test_${randomBytes(6).toString('hex')}`;
    const databaseUrl = await createDatabase(server, name);
    // The database stays until the run's server goes: the half-started app's connections are still
    // open, and dropping the database under them ends them with an error nobody listens for.
    await expect(
      startTestApp({ plugins: ['./test/fixtures/broken-variables-plugin'] }, { databaseUrl }),
    ).rejects.toThrow(
      'template variables of plugin "broken-variables", context "customer": NoValues.customer is not a method',
    );
  });
});
