import pg from 'pg';
import { DataSource } from 'typeorm';
import { randomBytes } from 'node:crypto';
import { SYSTEM_NODE_ID, SettingsService, createDatabase, dropDatabase } from '@clientele/core';
import { ContactsSettings } from '@clientele/contacts';
import { contactsBasics, createCustomer } from '../plugins/contacts/test/helpers.js';
import { TestApp, bearer, startTestApp } from './setup/harness.js';
import { CustomerMottoSettings } from './fixtures/customer-motto-plugin/index.js';

describe('Typed plugin settings', () => {
  let t: TestApp;
  const admin = () => bearer(t.adminToken);

  beforeAll(async () => {
    t = await startTestApp({
      plugins: ['contacts'],
      settings: { contacts: { customerNumberPrefix: 'C-', portalDomain: 'portal.example.com' } },
    });
    await contactsBasics(t);
  });
  afterAll(() => t.close());

  it('start from the config file over the class defaults and are listed with their JSON schema', async () => {
    const res = await t.http().get('/api/settings').set(admin());
    expect(res.status).toBe(200);
    const contacts = res.body.items.find((s: any) => s.plugin === 'contacts');
    expect(contacts.values).toEqual({
      customerNumberPrefix: 'C-',
      customerNumberWidth: 6,
      portalLogin: 'number',
      portalDomain: 'portal.example.com',
      externalLinkTemplate: null,
      defaultAddressBook: null,
      importMaxMegabytes: 100,
    });
    expect(contacts.version).toBe(1);
    expect(contacts.schema.properties.customerNumberWidth).toEqual(
      expect.objectContaining({
        type: 'integer',
        minimum: 1,
        maximum: 18,
        default: 6,
        description: expect.stringContaining('Digits'),
      }),
    );
    expect(contacts.schema.properties.portalLogin.enum).toEqual(['number', 'entered']);
    expect(contacts.schema.additionalProperties).toBe(false);

    const one = await t.http().get('/api/settings/contacts').set(admin());
    expect(one.body).toEqual(contacts);
  });

  it('change at once for the code that reads them, and every change is kept in history with who, when, before and after', async () => {
    const earlier = await createCustomer(t, t.adminToken, { name: 'Earlier Ltd' });
    expect(earlier.number).toMatch(/^C-\d{6}$/);
    const before = await t.http().get('/api/settings/contacts').set(admin());
    const res = await t
      .http()
      .put('/api/settings/contacts')
      .set(admin())
      .send({ version: before.body.version, customerNumberPrefix: 'K', customerNumberWidth: 4 });
    expect(res.status).toBe(200);
    expect(res.body.version).toBe(before.body.version + 1);
    expect(res.body.values).toEqual(
      expect.objectContaining({
        customerNumberPrefix: 'K',
        customerNumberWidth: 4,
        portalDomain: 'portal.example.com',
      }),
    );

    const customer = await createCustomer(t, t.adminToken, { name: 'Numbered Ltd' });
    expect(customer.number).toMatch(/^K\d{4}$/);
    const login = await t
      .http()
      .post(`/api/customers/${customer.id}/portal-users`)
      .set(admin())
      .send({ name: 'Portal Person' });
    expect(login.body.login).toBe(`${customer.number.toLowerCase()}@portal.example.com`);

    const history = await t.http().get('/api/settings/contacts/history').set(admin());
    expect(history.status).toBe(200);
    const me = await t.http().get('/api/me').set(admin());
    const [change, created] = history.body.items;
    expect(change).toEqual(
      expect.objectContaining({
        action: 'update',
        actorId: me.body.id,
        changes: { customerNumberPrefix: { before: 'C-', after: 'K' }, customerNumberWidth: { before: 6, after: 4 } },
      }),
    );
    expect(Date.now() - new Date(change.at).getTime()).toBeLessThan(60_000);
    expect(created).toEqual(expect.objectContaining({ action: 'create', actorId: null }));
    expect(created.changes.customerNumberPrefix).toEqual({ before: null, after: 'C-' });
  });

  it('refuse an invalid value with 400 naming the field, and keep the old values', async () => {
    const current = await t.http().get('/api/settings/contacts').set(admin());
    const cases: [Record<string, unknown>, string][] = [
      [{ customerNumberWidth: 'wide' }, 'customerNumberWidth'],
      [{ customerNumberWidth: 40 }, 'customerNumberWidth'],
      [{ portalLogin: 'sms' }, 'portalLogin'],
      [{ externalLinkTemplate: 'javascript:alert(1)' }, 'externalLinkTemplate'],
      [{ colour: 'blue' }, 'colour'],
      [{ version: 'one' }, 'version'],
    ];
    for (const [body, field] of cases) {
      const res = await t
        .http()
        .patch('/api/settings/contacts')
        .set(admin())
        .send({ version: current.body.version, ...body });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.details.map((d: any) => d.field)).toContain(field);
    }
    const array = await t.http().put('/api/settings/contacts').set(admin()).send([1, 2]);
    expect(array.status).toBe(400);
    const after = await t.http().get('/api/settings/contacts').set(admin());
    expect(after.body).toEqual(current.body);
  });

  it("each of contacts' settings changes what contacts does", async () => {
    const change = async (values: Record<string, unknown>) => {
      const current = await t.http().get('/api/settings/contacts').set(admin());
      const res = await t
        .http()
        .patch('/api/settings/contacts')
        .set(admin())
        .send({ version: current.body.version, ...values });
      expect(res.status).toBe(200);
    };
    const book = await t.http().post('/api/address-books').set(admin()).send({ name: 'Brno' });
    await change({
      externalLinkTemplate: 'https://erp.example.com/c/{number}',
      defaultAddressBook: 'Brno',
      portalLogin: 'entered',
      importMaxMegabytes: 1,
    });

    const customer = await createCustomer(t, t.adminToken, { name: 'Settled Ltd' });
    expect(customer.externalLink).toBe(`https://erp.example.com/c/${encodeURIComponent(customer.number)}`);
    expect(customer.addressBook.id).toBe(book.body.id);
    const login = await t
      .http()
      .post(`/api/customers/${customer.id}/portal-users`)
      .set(admin())
      .send({ name: 'No Login Given' });
    expect(login.status).toBe(400);
    expect(login.body.details[0].field).toBe('login');
    const tooLarge = await t
      .http()
      .post('/api/customers/import')
      .set(admin())
      .set('content-type', 'text/csv')
      .send(`name\n${'x'.repeat(1_100_000)}\n`);
    expect(tooLarge.status).toBe(413);

    await change({
      externalLinkTemplate: null,
      defaultAddressBook: null,
      portalLogin: 'number',
      importMaxMegabytes: 100,
    });
    const card = await t.http().get(`/api/customers/${customer.id}`).set(admin());
    expect(card.body.externalLink).toBeNull();
  });

  it('refuse a change made on a stale version with 409 and the current version', async () => {
    const current = await t.http().get('/api/settings/contacts').set(admin());
    const res = await t
      .http()
      .put('/api/settings/contacts')
      .set(admin())
      .send({ version: current.body.version - 1, importMaxMegabytes: 5 });
    expect(res.status).toBe(409);
    expect(res.body).toEqual(
      expect.objectContaining({ code: 'VERSION_CONFLICT', currentVersion: current.body.version }),
    );
    expect((await t.http().get('/api/settings/contacts').set(admin())).body.values.importMaxMegabytes).toBe(100);
  });

  it('are refused to users without the right to manage them; an unknown plugin is not found', async () => {
    const user = await t.user('staff@test.local');
    const staff = bearer(user.token);
    expect((await t.http().get('/api/settings').set(staff)).status).toBe(403);
    expect((await t.http().get('/api/settings/contacts').set(staff)).status).toBe(403);
    expect((await t.http().put('/api/settings/contacts').set(staff).send({ importMaxMegabytes: 1 })).status).toBe(403);
    expect((await t.http().get('/api/settings/contacts/history').set(staff)).status).toBe(403);
    expect((await t.http().get('/api/settings/contacts')).status).toBe(401);
    expect((await t.http().get('/api/settings/nothing').set(admin())).status).toBe(404);
    expect((await t.http().put('/api/settings/nothing').set(admin()).send({})).status).toBe(404);
  });

  it('are managed by whoever a master admin grants core.settings.manage on the system, not on a node below it', async () => {
    const role = await t
      .http()
      .post('/api/roles')
      .set(admin())
      .send({ code: 'settings-keeper', name: 'Settings keeper', permissions: ['core.settings.manage'] });
    expect(role.status).toBe(201);
    const keeper = await t.user('keeper@test.local');
    const bookKeeper = await t.user('book-keeper@test.local');
    const books = await t.http().get('/api/address-books').set(admin());
    for (const [user, nodeId] of [
      [keeper, SYSTEM_NODE_ID],
      [bookKeeper, books.body.items[0].id],
    ] as const) {
      expect(
        (await t.http().post('/api/grants').set(admin()).send({ userId: user.id, roleId: role.body.id, nodeId }))
          .status,
      ).toBe(201);
    }
    const read = await t.http().get('/api/settings/contacts').set(bearer(keeper.token));
    expect(read.status).toBe(200);
    const changed = await t
      .http()
      .patch('/api/settings/contacts')
      .set(bearer(keeper.token))
      .send({ version: read.body.version, importMaxMegabytes: 100 });
    expect(changed.status).toBe(200);
    expect((await t.http().get('/api/settings/contacts').set(bearer(bookKeeper.token))).status).toBe(403);
  });

  it('are kept in memory and read again as soon as any process or tool changes them', async () => {
    const settings = t.get(SettingsService);
    const first = await settings.get(ContactsSettings);
    expect(await settings.get(ContactsSettings)).toBe(first);
    expect(first).toBeInstanceOf(ContactsSettings);

    const other = new pg.Client({ connectionString: t.databaseUrl });
    await other.connect();
    try {
      await other.query(
        `UPDATE settings SET value = value || '{"importMaxMegabytes": 7}', version = version + 1 WHERE plugin = 'contacts'`,
      );
    } finally {
      await other.end();
    }
    const deadline = Date.now() + 2_000;
    let seen = first.importMaxMegabytes;
    while (seen !== 7 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      seen = (await settings.get(ContactsSettings)).importMaxMegabytes;
    }
    expect(seen).toBe(7);
  });
});

describe('Typed plugin settings from a config file', () => {
  it('refuse to start when the file gives a value the settings class refuses, naming it', async () => {
    const server = process.env.TEST_PG_SERVER_URL!;
    const name = `test_${randomBytes(6).toString('hex')}`;
    const databaseUrl = await createDatabase(server, name);
    try {
      await expect(
        startTestApp(
          { plugins: ['contacts'], settings: { contacts: { customerNumberWidth: 'wide' } } },
          { databaseUrl },
        ),
      ).rejects.toThrow(/settings\.contacts\.customerNumberWidth/);
    } finally {
      await dropDatabase(server, name);
    }
  });
});

describe('Secret settings', () => {
  let t: TestApp;
  const admin = () => bearer(t.adminToken);

  beforeAll(async () => {
    t = await startTestApp({ plugins: ['contacts', './test/fixtures/customer-motto-plugin'] });
  });
  afterAll(() => t.close());

  it('are written, shown back only as set, kept when the shown value is sent back, and never stored in history', async () => {
    const first = await t.http().get('/api/settings/customer-motto').set(admin());
    expect(first.body.values).toEqual({ apiToken: null, motto: 'Bread every day' });
    expect(first.body.schema.properties.apiToken).toEqual(expect.objectContaining({ writeOnly: true }));
    expect(first.body.schema.properties.apiToken).not.toHaveProperty('default');

    const set = await t
      .http()
      .put('/api/settings/customer-motto')
      .set(admin())
      .send({ version: first.body.version, apiToken: 'token-from-the-vendor' });
    expect(set.status).toBe(200);
    expect(set.body.values.apiToken).toBe('********');
    expect((await t.http().get('/api/settings').set(admin())).text).not.toContain('token-from-the-vendor');
    expect((await t.get(SettingsService).get(CustomerMottoSettings)).apiToken).toBe('token-from-the-vendor');

    const resent = await t
      .http()
      .put('/api/settings/customer-motto')
      .set(admin())
      .send({ ...set.body.values, version: set.body.version, motto: 'Fresh daily' });
    expect(resent.status).toBe(200);
    const read = await t.get(SettingsService).get(CustomerMottoSettings);
    expect([read.apiToken, read.motto]).toEqual(['token-from-the-vendor', 'Fresh daily']);

    const history = await t.http().get('/api/settings/customer-motto/history').set(admin());
    expect(history.body.items[1].changes.apiToken).toEqual({ before: null, after: '***' });
    expect(history.text).not.toContain('token-from-the-vendor');
    const [{ stored }] = await t
      .get(DataSource)
      .query(`SELECT count(*)::int AS stored FROM history WHERE changes::text LIKE '%token-from-the-vendor%'`);
    expect(stored).toBe(0);
  });
});
