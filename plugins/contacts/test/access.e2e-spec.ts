import { bearer, startTestApp, type TestApp } from '../../../test/setup/harness.js';
import { contactsBasics, createCustomer, grant, roleId } from './helpers.js';

describe('contacts access rights', () => {
  let t: TestApp;
  let basics: Awaited<ReturnType<typeof contactsBasics>>;
  beforeAll(async () => {
    t = await startTestApp({ plugins: ['contacts'] });
    basics = await contactsBasics(t, ['Praha', 'Brno']);
  });
  afterAll(() => t?.close());

  it('lets any activated user create a customer and become its Administrator at once', async () => {
    const someone = await t.user('founder@test.local');
    const customer = await createCustomer(t, someone.token, { name: 'Founder s.r.o.' });
    const me = await t.http().get(`/api/customers/${customer.id}`).set(bearer(someone.token));
    expect(me.status).toBe(200);
    const changed = await t
      .http()
      .patch(`/api/customers/${customer.id}`)
      .set(bearer(someone.token))
      .send({ city: 'Plzeň' });
    expect(changed.status).toBe(200);
    const users = await t.http().get(`/api/customers/${customer.id}/users`).set(bearer(someone.token));
    expect(users.body.items).toEqual([
      expect.objectContaining({ id: someone.id, roles: [expect.objectContaining({ code: 'administrator' })] }),
    ]);
  });

  it('places a self-registered customer in the default book, and never in a book the creator cannot see', async () => {
    const someone = await t.user('registrant@test.local');
    const hidden = await t
      .http()
      .post('/api/customers')
      .set(bearer(someone.token))
      .send({ name: 'Sneaky', addressBookId: basics.addressBooks[1].id });
    expect(hidden.status).toBe(400);
    expect(hidden.body.details[0]).toMatchObject({ field: 'addressBookId', code: 'UNKNOWN_ADDRESS_BOOK' });
    const own = await createCustomer(t, someone.token, { name: 'Honest s.r.o.' });
    expect(own.addressBookId).toBeDefined();
  });

  it('answers a refused catalog change with 403, since everyone signed in reads the catalog', async () => {
    const someone = await t.user('catalog.reader@test.local');
    expect((await t.http().get('/api/service-templates').set(bearer(someone.token))).status).toBe(200);
    const refused = await t
      .http()
      .post('/api/service-templates')
      .set(bearer(someone.token))
      .send({ code: 'tv', name: 'TV' });
    expect(refused.status).toBe(403);
  });

  it('inherits roles downward: an Administrator of a consumer edits its services but not a sibling consumer’s', async () => {
    const admin = bearer(t.adminToken);
    const customer = await createCustomer(t, t.adminToken, { name: 'Two Branches' });
    const sibling = await t
      .http()
      .post(`/api/customers/${customer.id}/consumers`)
      .set(admin)
      .send({ name: 'Branch B' });
    const consumers = await t.http().get(`/api/customers/${customer.id}/consumers`).set(admin);
    const own = consumers.body.items.find((c: any) => c.isDefault);
    const siblingService = await t
      .http()
      .post(`/api/consumers/${sibling.body.id}/services`)
      .set(admin)
      .send({ name: 'B line' });
    expect(siblingService.status).toBe(201);
    const ownServices = await t.http().get(`/api/consumers/${own.id}/services`).set(admin);
    const ownService = ownServices.body.items[0];

    const branchAdmin = await t.user('branch.admin@test.local');
    await grant(t, branchAdmin.id, 'administrator', own.id);
    const edit = await t
      .http()
      .patch(`/api/services/${ownService.id}`)
      .set(bearer(branchAdmin.token))
      .send({ name: 'Renamed', version: ownService.version });
    expect(edit.status).toBe(200);
    const other = await t
      .http()
      .patch(`/api/services/${siblingService.body.id}`)
      .set(bearer(branchAdmin.token))
      .send({ name: 'Hijacked' });
    expect(other.status).toBe(404);
    const customerCard = await t.http().get(`/api/customers/${customer.id}`).set(bearer(branchAdmin.token));
    expect(customerCard.status).toBe(404);

    const caller = await t.user('caller@test.local');
    await grant(t, caller.id, 'caller', customer.id);
    const seen = await t.http().get(`/api/services/${siblingService.body.id}`).set(bearer(caller.token));
    expect(seen.status).toBe(200);
    const callerEdit = await t
      .http()
      .patch(`/api/services/${siblingService.body.id}`)
      .set(bearer(caller.token))
      .send({ name: 'No' });
    expect(callerEdit.status).toBe(403);
  });

  it('keeps a customer Administrator’s grants inside the customer', async () => {
    const owner = await t.user('owner@test.local');
    const mine = await createCustomer(t, owner.token, { name: 'Mine' });
    const theirs = await createCustomer(t, t.adminToken, { name: 'Theirs' });
    const employee = await t
      .http()
      .post(`/api/customers/${mine.id}/portal-users`)
      .set(bearer(owner.token))
      .send({ name: 'Employee One' });
    expect(employee.status).toBe(201);
    const callerRole = await roleId(t, 'caller');

    const inside = await t
      .http()
      .post(`/api/customers/${mine.id}/grants`)
      .set(bearer(owner.token))
      .send({ userId: employee.body.userId, roleId: callerRole, nodeId: mine.id });
    expect(inside.status).toBe(201);
    const outside = await t
      .http()
      .post(`/api/customers/${mine.id}/grants`)
      .set(bearer(owner.token))
      .send({ userId: employee.body.userId, roleId: callerRole, nodeId: theirs.id });
    expect(outside.status).toBe(422);
    expect(outside.body.code).toBe('OUTSIDE_CUSTOMER');
    const viaCore = await t
      .http()
      .post('/api/grants')
      .set(bearer(owner.token))
      .send({ userId: employee.body.userId, roleId: callerRole, nodeId: theirs.id });
    expect(viaCore.status).toBe(404);
    const viaOtherCustomer = await t
      .http()
      .post(`/api/customers/${theirs.id}/grants`)
      .set(bearer(owner.token))
      .send({ userId: employee.body.userId, roleId: callerRole, nodeId: theirs.id });
    expect(viaOtherCustomer.status).toBe(404);
  });

  it('hides customers of address books one may not see from the list, the search and by id', async () => {
    const [praha, brno] = basics.addressBooks;
    const hidden = await createCustomer(t, t.adminToken, {
      name: 'Skrytý Zákazník',
      addressBookId: brno.id,
      email: 'skryty@example.cz',
    });
    const visible = await createCustomer(t, t.adminToken, { name: 'Viditelný Zákazník', addressBookId: praha.id });
    const clerk = await t.user('clerk@test.local');
    await grant(t, clerk.id, 'administrator', praha.id);
    const as = bearer(clerk.token);

    const list = await t.http().get('/api/customers').query({ limit: 500 }).set(as);
    const ids = list.body.items.map((c: any) => c.id);
    expect(ids).toContain(visible.id);
    expect(ids).not.toContain(hidden.id);
    expect(list.body.total).toBe(ids.length);
    for (const q of ['skryty', 'skryty@example.cz', hidden.number]) {
      const search = await t.http().get('/api/customers').query({ q }).set(as);
      expect(search.body.items).toEqual([]);
    }
    expect((await t.http().get(`/api/customers/${hidden.id}`).set(as)).status).toBe(404);
    expect((await t.http().get(`/api/customers/${hidden.id}/history`).set(as)).status).toBe(404);
    expect((await t.http().get(`/api/customers/${visible.id}`).set(as)).status).toBe(200);

    // Moving the customer to the clerk's address book shows it to them.
    const moved = await t
      .http()
      .post(`/api/customers/${hidden.id}/move`)
      .set(bearer(t.adminToken))
      .send({ addressBookId: praha.id });
    expect(moved.status).toBe(201);
    expect((await t.http().get(`/api/customers/${hidden.id}`).set(as)).status).toBe(200);
  });

  it('locks a deleted customer’s users out at once and lets them back in on restore', async () => {
    const admin = bearer(t.adminToken);
    const customer = await createCustomer(t, t.adminToken, { name: 'Soon Gone' });
    const login = await t
      .http()
      .post(`/api/customers/${customer.id}/portal-users`)
      .set(admin)
      .send({ name: 'Portal Person' });
    expect(login.body.login).toBe(`${customer.number}@portal.clientele.local`);
    const token = await t.login(login.body.login, login.body.password);
    expect((await t.http().get('/api/me').set(bearer(token))).status).toBe(200);

    expect((await t.http().delete(`/api/customers/${customer.id}`).set(admin)).status).toBe(204);
    expect((await t.http().get('/api/me').set(bearer(token))).status).toBe(401);
    expect((await t.http().get(`/api/customers/${customer.id}`).set(admin)).status).toBe(404);
    const deleted = await t.http().get('/api/customers').query({ deleted: 'only' }).set(admin);
    expect(deleted.body.items.map((c: any) => c.id)).toEqual([customer.id]);

    const restored = await t.http().post(`/api/customers/${customer.id}/restore`).set(admin);
    expect(restored.status).toBe(200);
    expect((await t.http().get('/api/me').set(bearer(token))).status).toBe(200);
    const history = await t.http().get(`/api/customers/${customer.id}/history`).set(admin);
    expect(history.body.items.map((h: any) => h.action)).toEqual(['restore', 'delete', 'create']);
  });
});
