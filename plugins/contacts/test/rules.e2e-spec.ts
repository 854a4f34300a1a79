import { bearer, startTestApp, type TestApp } from '../../../test/setup/harness.js';
import { contactsBasics, createCustomer, grant } from './helpers.js';

/** Rules of customers' own people and roles that the card's other tests take for granted. */
describe('customer people and roles', () => {
  let t: TestApp;
  let bookId: string;
  const admin = () => bearer(t.adminToken);
  const servicesOf = async (customerId: string) => {
    const [consumer] = (await t.http().get(`/api/customers/${customerId}/consumers`).set(admin())).body.items;
    const first = (await t.http().get(`/api/consumers/${consumer.id}/services`).set(admin())).body.items[0];
    const second = (
      await t.http().post(`/api/consumers/${consumer.id}/services`).set(admin()).send({ name: 'Second line' })
    ).body;
    return { consumer, first, second };
  };
  const roleOwnedBy = async (token: string, ownerNodeId: string, code: string) =>
    t
      .http()
      .post('/api/roles')
      .set(bearer(token))
      .send({ code, name: code, permissions: ['contacts.service.read'], ownerNodeId });
  const grantAt = (token: string, customerId: string, body: Record<string, string>) =>
    t.http().post(`/api/customers/${customerId}/grants`).set(bearer(token)).send(body);

  beforeAll(async () => {
    t = await startTestApp({ plugins: ['contacts'] });
    ({
      addressBooks: [{ id: bookId }],
    } = await contactsBasics(t));
  });
  afterAll(() => t?.close());

  it("grants a customer's own role on one of its services, and refuses a role of service S1 on service S2", async () => {
    const customer = await createCustomer(t, t.adminToken, { name: 'Role Owner s.r.o.', addressBookId: bookId });
    const { first, second } = await servicesOf(customer.id);
    const person = await t
      .http()
      .post(`/api/customers/${customer.id}/portal-users`)
      .set(admin())
      .send({ name: 'Operator Person' });
    const userId = person.body.userId;

    const customerRole = await roleOwnedBy(t.adminToken, customer.id, 'customer.viewer');
    expect(customerRole.status).toBe(201);
    expect(
      (await grantAt(t.adminToken, customer.id, { userId, roleId: customerRole.body.id, nodeId: first.id })).status,
    ).toBe(201);

    const s1Role = await roleOwnedBy(t.adminToken, first.id, 's1.viewer');
    const refused = await grantAt(t.adminToken, customer.id, { userId, roleId: s1Role.body.id, nodeId: second.id });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('ROLE_OUTSIDE_OWNER');
  });

  it("lets a customer's Administrator create a role of their own customer, and not of another", async () => {
    const customer = await createCustomer(t, t.adminToken, { name: 'Self Admin s.r.o.', addressBookId: bookId });
    const other = await createCustomer(t, t.adminToken, { name: 'Someone Else s.r.o.', addressBookId: bookId });
    const boss = await t.user('boss@rules.local', { homeNodeId: customer.id });
    await grant(t, boss.id, 'administrator', customer.id);
    expect((await roleOwnedBy(boss.token, customer.id, 'own.viewer')).status).toBe(201);
    expect((await roleOwnedBy(boss.token, other.id, 'foreign.viewer')).status).toBe(404);
  });

  it("lists a user granted only on a service among the customer's users; refuses outsiders and roles not offered", async () => {
    const customer = await createCustomer(t, t.adminToken, { name: 'Listing s.r.o.', addressBookId: bookId });
    const { first } = await servicesOf(customer.id);
    const serviceOnly = await t.user('service.only@rules.local');
    await grant(t, serviceOnly.id, 'caller', first.id);
    const users = await t.http().get(`/api/customers/${customer.id}/users`).set(admin());
    expect(users.body.items.map((u: { id: string }) => u.id)).toContain(serviceOnly.id);

    const roles = (await t.http().get('/api/roles?filter[isBuiltin]=true').set(admin())).body.items;
    const caller = roles.find((r: { code: string }) => r.code === 'caller').id;
    const stranger = await t.user('stranger@rules.local');
    const notMember = await grantAt(t.adminToken, customer.id, {
      userId: stranger.id,
      roleId: caller,
      nodeId: customer.id,
    });
    expect(notMember.status).toBe(400);
    expect(notMember.body.details[0]).toMatchObject({ field: 'userId', code: 'NOT_A_CUSTOMER_USER' });
    const global = await t
      .http()
      .post('/api/roles')
      .set(admin())
      .send({ code: 'operator.only', name: 'Operator only', permissions: ['contacts.customer.read'] });
    const notOffered = await grantAt(t.adminToken, customer.id, {
      userId: serviceOnly.id,
      roleId: global.body.id,
      nodeId: customer.id,
    });
    expect(notOffered.status).toBe(400);
    expect(notOffered.body.details[0]).toMatchObject({ field: 'roleId', code: 'ROLE_NOT_OFFERED' });
  });

  it("keeps contact persons: create, edit, soft delete and restore; a deleted employee's sign-in stops at once", async () => {
    const customer = await createCustomer(t, t.adminToken, { name: 'People s.r.o.', addressBookId: bookId });
    const created = await t
      .http()
      .post(`/api/customers/${customer.id}/contact-persons`)
      .set(admin())
      .send({ name: 'Nováková Jana', position: 'Accountant', isEmployee: true });
    expect(created.status).toBe(201);
    const edited = await t
      .http()
      .patch(`/api/contact-persons/${created.body.id}`)
      .set(admin())
      .send({ version: created.body.version, position: 'Head accountant' });
    expect(edited.status).toBe(200);
    expect(edited.body.position).toBe('Head accountant');

    const login = await t
      .http()
      .post(`/api/customers/${customer.id}/portal-users`)
      .set(admin())
      .send({ name: 'Employee With Login' });
    const token = await t.login(login.body.login, login.body.password);
    expect((await t.http().get('/api/me').set(bearer(token))).status).toBe(200);
    const personId = login.body.contactPerson.id;
    expect((await t.http().delete(`/api/contact-persons/${personId}`).set(admin())).status).toBe(204);
    expect((await t.http().get('/api/me').set(bearer(token))).status).toBe(401);
    expect(
      (await t.http().post('/api/auth/login').send({ email: login.body.login, password: login.body.password })).status,
    ).toBe(401);
    const listed = await t.http().get(`/api/customers/${customer.id}/contact-persons`).set(admin());
    expect(listed.body.items.map((p: { id: string }) => p.id)).not.toContain(personId);

    expect((await t.http().post(`/api/contact-persons/${personId}/restore`).set(admin())).status).toBe(200);
    expect(await t.login(login.body.login, login.body.password)).toMatch(/^cls_/);
  });

  it('keeps at most seven support parameters, in positions 1 to 7', async () => {
    for (let i = 1; i <= 7; i++) {
      const res = await t
        .http()
        .post('/api/support-parameters')
        .set(admin())
        .send({ code: `p${i}`, name: `Parameter ${i}`, position: i });
      expect([i, res.status]).toEqual([i, 201]);
    }
    const eighth = await t
      .http()
      .post('/api/support-parameters')
      .set(admin())
      .send({ code: 'p8', name: 'Parameter 8', position: 3 });
    expect(eighth.status).toBe(422);
    expect(eighth.body.code).toBe('TOO_MANY_SUPPORT_PARAMETERS');
    const outOfRange = await t
      .http()
      .post('/api/support-parameters')
      .set(admin())
      .send({ code: 'p9', name: 'Parameter 9', position: 8 });
    expect(outOfRange.body.details[0]).toMatchObject({ field: 'position' });
  });

  it('refuses custom variable options that are not a list of choices, naming the field', async () => {
    for (const options of ['red', { value: 'red' }, [{ value: 'red' }], [42]]) {
      const res = await t
        .http()
        .post('/api/customer-variables')
        .set(admin())
        .send({ key: 'colour', label: 'Colour', type: 'select', defaultValue: 'red', options });
      expect([JSON.stringify(options), res.status]).toEqual([JSON.stringify(options), 400]);
      expect(res.body.details[0].field).toMatch(/^options/);
    }
  });

  it('makes portal logins from the entered login name in "entered" mode, and keeps and shows the last sign-in', async () => {
    expect((await t.http().patch('/api/settings/contacts').set(admin()).send({ portalLogin: 'entered' })).status).toBe(
      200,
    );
    const customer = await createCustomer(t, t.adminToken, { name: 'Entered s.r.o.', addressBookId: bookId });
    const missing = await t
      .http()
      .post(`/api/customers/${customer.id}/portal-users`)
      .set(admin())
      .send({ name: 'No Login' });
    expect(missing.status).toBe(400);
    const login = await t
      .http()
      .post(`/api/customers/${customer.id}/portal-users`)
      .set(admin())
      .send({ name: 'Chosen Login', login: 'Chosen.Person@Firma.cz' });
    expect(login.status).toBe(201);
    expect(login.body.login).toBe('chosen.person@firma.cz');
    const before = (await t.http().get(`/api/customers/${customer.id}/users`).set(admin())).body.items.find(
      (u: { id: string }) => u.id === login.body.userId,
    );
    expect(before.lastLoginAt).toBeNull();
    await t.login(login.body.login, login.body.password);
    const after = (await t.http().get(`/api/customers/${customer.id}/users`).set(admin())).body.items.find(
      (u: { id: string }) => u.id === login.body.userId,
    );
    expect(Date.parse(after.lastLoginAt)).toBeGreaterThan(Date.now() - 60_000);
    await t.http().patch('/api/settings/contacts').set(admin()).send({ portalLogin: 'number' });
  });
});
