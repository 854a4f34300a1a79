import { PluginRegistry } from '@clientele/core';
import { seedOnce } from '../apps/server/seed.js';
import { startTestApp, TestApp, bearer } from './setup/harness.js';
import { contactsBasics, createCustomer, grant } from '../plugins/contacts/test/helpers.js';

/** Contacts and notes together: notes follow the customer's access, deletion and restore. */
describe('notes on customers', () => {
  let t: TestApp;
  let book: string;
  beforeAll(async () => {
    t = await startTestApp({ plugins: ['contacts', 'notes'] });
    book = (await contactsBasics(t, ['Praha'])).addressBooks[0].id;
  });
  afterAll(() => t?.close());

  const notesOf = async (token: string, nodeId: string) => {
    const res = await t.http().get(`/api/notes?filter[nodeId]=${nodeId}`).set(bearer(token));
    return res.status === 200 ? { total: res.body.total, texts: res.body.items.map((n: any) => n.text) } : res.status;
  };

  it('shows a customer’s notes to who may read the customer, private ones only to their author', async () => {
    const customer = await createCustomer(t, t.adminToken, { name: 'Nováková Eva', addressBookId: book });
    const accountManager = await t.user('am@test.local');
    const colleague = await t.user('colleague@test.local');
    const outsider = await t.user('outsider@test.local');
    await grant(t, accountManager.id, 'administrator', book);
    await grant(t, colleague.id, 'administrator', book);

    const write = (token: string, body: object) =>
      t
        .http()
        .post('/api/notes')
        .set(bearer(token))
        .send({ nodeId: customer.id, ...body });
    expect((await write(accountManager.token, { text: 'Wants a callback on Monday' })).status).toBe(201);
    expect((await write(accountManager.token, { text: 'Thinks about leaving us', private: true })).status).toBe(201);
    expect((await write(outsider.token, { text: 'Not mine to write' })).status).toBe(404);

    expect(await notesOf(accountManager.token, customer.id)).toEqual({
      total: 2,
      texts: ['Thinks about leaving us', 'Wants a callback on Monday'],
    });
    expect(await notesOf(colleague.token, customer.id)).toEqual({ total: 1, texts: ['Wants a callback on Monday'] });
    // Reading notes nowhere, the outsider is refused the list itself.
    expect(await notesOf(outsider.token, customer.id)).toBe(403);
  });

  it('hides the notes of a deleted customer and brings them back on restore', async () => {
    const customer = await createCustomer(t, t.adminToken, { name: 'Svoboda Petr', addressBookId: book });
    const staff = await t.user('staff@test.local');
    await grant(t, staff.id, 'administrator', book);
    await t
      .http()
      .post('/api/notes')
      .set(bearer(staff.token))
      .send({ nodeId: customer.id, text: 'Router replaced', alert: true });
    expect(await notesOf(staff.token, customer.id)).toEqual({ total: 1, texts: ['Router replaced'] });

    expect((await t.http().delete(`/api/customers/${customer.id}`).set(bearer(t.adminToken))).status).toBe(204);
    expect(await notesOf(staff.token, customer.id)).toEqual({ total: 0, texts: [] });
    expect((await t.http().get(`/api/notes/alerts?node=${customer.id}`).set(bearer(staff.token))).status).toBe(404);

    expect((await t.http().post(`/api/customers/${customer.id}/restore`).set(bearer(t.adminToken))).status).toBe(200);
    expect(await notesOf(staff.token, customer.id)).toEqual({ total: 1, texts: ['Router replaced'] });
    const alerts = await t.http().get(`/api/notes/alerts?node=${customer.id}`).set(bearer(staff.token));
    expect(alerts.body.items.map((n: any) => n.text)).toEqual(['Router replaced']);
  });

  it('gives every customer card a Notes tab', () => {
    const tabs = t
      .get(PluginRegistry)
      .adminTabs('customers')
      .map((tab) => tab.key);
    expect(tabs).toContain('notes');
  });

  it('seeds demo customers with a note and an alert', async () => {
    const seeded = await seedOnce(t.app, t.get(PluginRegistry).plugins);
    expect(seeded?.notes.join('\n')).toContain('customer.admin@clientele.local');
    const customers = await t.http().get('/api/customers?q=000001').set(bearer(t.adminToken));
    const first = customers.body.items.find((c: any) => c.number === '000001');
    const alerts = await t.http().get(`/api/notes/alerts?node=${first.id}`).set(bearer(t.adminToken));
    expect(alerts.body.items).toHaveLength(1);
    const password = seeded!.notes
      .find((line) => line.startsWith('customer.admin@clientele.local / '))!
      .split(' / ')[1]
      .split(' ')[0];
    const signIn = await t.http().post('/api/auth/login').send({ email: 'customer.admin@clientele.local', password });
    expect(signIn.status).toBe(200);
  });
});
