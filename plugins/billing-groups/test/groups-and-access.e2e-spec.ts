import { DataSource } from 'typeorm';
import { bearer, type TestApp } from '../../../test/setup/harness.js';
import { billingGroup, contactsReady, customer, issue, startBillingApp } from './billing-test-kit.js';

/** A 1×1 PNG: what the logo and stamp routes accept. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
const line = [{ description: 'Připojení k internetu — тариф «Стандарт»', quantity: 2, unitPriceMinor: 29950 }];

async function grant(t: TestApp, userId: string, role: string, nodeId: string) {
  const roles = (await t.http().get('/api/roles?filter[isBuiltin]=true').set(bearer(t.adminToken))).body.items;
  const roleId = roles.find((r: { code: string }) => r.code === role).id;
  await t.http().post('/api/grants').set(bearer(t.adminToken)).send({ userId, roleId, nodeId }).expect(201);
}

describe('billing groups and who sees what', () => {
  let t: TestApp;
  let admin: { Authorization: string };
  let north: any;
  let south: any;
  let jiri: any;
  let olga: any;
  let accountant: { id: string; token: string };

  beforeAll(async () => {
    t = await startBillingApp();
    admin = bearer(t.adminToken);
    await contactsReady(t);
    north = await billingGroup(t, {
      name: 'Sever s.r.o.',
      companyId: '27082440',
      ibans: ['CZ65 0800 0000 1920 0014 5399'],
    });
    south = await billingGroup(t, { name: 'Jih s.r.o.' });
    jiri = await customer(t, 'Dvořák Jiří');
    olga = await customer(t, 'Иванова Ольга');
    accountant = await t.user('ucetni@sever.cz');
    await grant(t, accountant.id, 'accountant', north.id);
  });

  afterAll(() => t.close());

  it('makes the first group the default one, and moving the mark unmarks the other, in history', async () => {
    expect(north).toMatchObject({ isDefault: true, ibans: ['CZ6508000000192000145399'] });
    expect(south.isDefault).toBe(false);
    const moved = await t
      .http()
      .patch(`/api/billing-groups/${south.id}`)
      .set(admin)
      .send({ version: south.version, isDefault: true })
      .expect(200);
    expect(moved.body.isDefault).toBe(true);
    const northNow = (await t.http().get(`/api/billing-groups/${north.id}`).set(admin)).body;
    expect(northNow.isDefault).toBe(false);
    const history = (await t.http().get(`/api/billing-groups/${north.id}/history`).set(admin)).body.items;
    expect(history[0].changes.isDefault).toEqual({ before: true, after: false });
    await t
      .http()
      .patch(`/api/billing-groups/${north.id}`)
      .set(admin)
      .send({ version: northNow.version, isDefault: true })
      .expect(200);
  });

  it('gives a new customer an account in the default group once the customer is created', async () => {
    const created = await customer(t, 'Nový zákazník');
    const [account] = await t
      .get(DataSource)
      .query(`SELECT group_id FROM billing_accounts WHERE id = $1`, [created.id]);
    expect(account).toEqual({ group_id: north.id });
  });

  it('refuses a number pattern without exactly one counter, a bad IBAN and a second group of the same name', async () => {
    const bad = await t.http().post('/api/billing-groups').set(admin).send({ name: 'X', numberPattern: '{YYYY}' });
    expect(bad.status).toBe(400);
    expect(bad.body.details[0]).toMatchObject({ field: 'numberPattern', code: 'INVALID_PATTERN' });
    const iban = await t
      .http()
      .post('/api/billing-groups')
      .set(admin)
      .send({ name: 'Y', ibans: ['CZ00 1234'] });
    expect(iban.body.details[0]).toMatchObject({ field: 'ibans[0]', code: 'INVALID_IBAN' });
    const twice = await t.http().post('/api/billing-groups').set(admin).send({ name: 'sever S.R.O.' });
    expect(twice.body.details[0]).toMatchObject({ field: 'name', code: 'DUPLICATE_NAME' });
  });

  it("moves a customer to another group, kept in the account's history; its next invoice comes from the new series", async () => {
    const account = (await t.http().get(`/api/billing-accounts/${olga.id}`).set(admin)).body;
    expect(account.groupId).toBe(north.id);
    await t
      .http()
      .post(`/api/billing-accounts/${olga.id}/move`)
      .set(admin)
      .send({ version: account.version, groupId: south.id })
      .expect(200);
    const history = (await t.http().get(`/api/billing-accounts/${olga.id}/history`).set(admin)).body.items;
    expect(history[0].changes.groupId).toEqual({ before: north.id, after: south.id });
    expect((await issue(t, { customerId: olga.id, lines: line })).groupId).toBe(south.id);
  });

  it("deletes an empty group softly — out of lists and its staff's reach — and restores it", async () => {
    const spare = await billingGroup(t, { name: 'Rezerva s.r.o.' });
    await t.http().delete(`/api/billing-groups/${spare.id}`).set(admin).expect(204);
    const live = (await t.http().get('/api/billing-groups').set(admin)).body.items.map((g: { id: string }) => g.id);
    expect(live).not.toContain(spare.id);
    const deleted = (await t.http().get('/api/billing-groups?deleted=only').set(admin)).body.items.map(
      (g: { id: string }) => g.id,
    );
    expect(deleted).toEqual([spare.id]);
    const [node] = await t.get(DataSource).query(`SELECT disabled_at FROM scope_nodes WHERE id = $1`, [spare.id]);
    expect(node.disabled_at).not.toBeNull();
    await t.http().post(`/api/billing-groups/${spare.id}/restore`).set(admin).expect(200);
    expect((await t.http().get(`/api/billing-groups/${spare.id}`).set(admin).expect(200)).body.deletedAt).toBeNull();
  });

  it("gives a group's statistics: customers, what it invoiced this year and what it is owed", async () => {
    const stats = (await t.http().get(`/api/billing-groups/${south.id}/statistics`).set(admin).expect(200)).body;
    expect(stats).toEqual({
      customers: 1,
      nonPayers: 0,
      invoicedThisYearMinor: 59900,
      paidThisYearMinor: 0,
      owedMinor: 59900,
      overdueInvoices: 0,
    });
  });

  it('refuses to delete a group that still has customers', async () => {
    const res = await t.http().delete(`/api/billing-groups/${south.id}`).set(admin);
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('GROUP_HAS_CUSTOMERS');
  });

  it("lets staff limited to a group see that group's customers' invoices only, and answers the others' as not there", async () => {
    const own = await issue(t, { customerId: jiri.id, lines: line });
    const other = (await t.http().get(`/api/invoices?filter[customerId]=${olga.id}`).set(admin)).body.items[0];
    const listed = (await t.http().get('/api/invoices').set(bearer(accountant.token)).expect(200)).body;
    expect(listed.items.map((i: { id: string }) => i.id)).toEqual([own.id]);
    expect(listed.total).toBe(1);
    await t.http().get(`/api/invoices/${other.id}`).set(bearer(accountant.token)).expect(404);
    await t.http().get(`/api/billing-accounts/${olga.id}`).set(bearer(accountant.token)).expect(404);
    await t.http().get(`/api/billing-groups/${south.id}`).set(bearer(accountant.token)).expect(404);
    const groups = (await t.http().get('/api/billing-groups').set(bearer(accountant.token))).body.items.map(
      (g: { id: string }) => g.id,
    );
    expect(groups).toEqual([north.id]);
    const refused = await t
      .http()
      .post('/api/invoices')
      .set(bearer(accountant.token))
      .send({ customerId: olga.id, lines: line });
    expect(refused.status).toBe(404);
    expect((await issue(t, { customerId: jiri.id, lines: line }, accountant.token)).groupId).toBe(north.id);
  });

  it("shows a customer's own administrator its invoices and balance, not another customer's", async () => {
    const owner = await t.user('jiri@dvorak.cz');
    await grant(t, owner.id, 'administrator', jiri.id);
    const mine = (
      await t.http().get(`/api/invoices?filter[customerId]=${jiri.id}`).set(bearer(owner.token)).expect(200)
    ).body;
    expect(mine.items.length).toBeGreaterThan(0);
    expect(
      (await t.http().get('/api/invoices').set(bearer(owner.token))).body.items.every(
        (i: { customerId: string }) => i.customerId === jiri.id,
      ),
    ).toBe(true);
    expect(
      (await t.http().get(`/api/billing-accounts/${jiri.id}`).set(bearer(owner.token)).expect(200)).body.balanceMinor,
    ).toBeLessThan(0);
    await t.http().get(`/api/billing-accounts/${olga.id}`).set(bearer(owner.token)).expect(404);
    await t
      .http()
      .post('/api/invoices')
      .set(bearer(owner.token))
      .send({ customerId: jiri.id, lines: line })
      .expect(403);
  });

  it("prints the invoice as a PDF with the group's logo and stamp and embedded fonts", async () => {
    await t
      .http()
      .put(`/api/billing-groups/${north.id}/logo`)
      .set(admin)
      .send({ contentType: 'image/png', data: PNG.toString('base64') })
      .expect(200);
    const stamped = await t
      .http()
      .put(`/api/billing-groups/${north.id}/stamp`)
      .set(admin)
      .send({ contentType: 'image/png', data: PNG.toString('base64') })
      .expect(200);
    expect(stamped.body.stampDigest).toMatch(/^[0-9a-f]{64}$/);
    const logo = await t.http().get(`/api/billing-groups/${north.id}/logo`).set(admin).expect(200);
    expect(logo.headers['content-type']).toBe('image/png');
    const wrong = await t
      .http()
      .put(`/api/billing-groups/${north.id}/logo`)
      .set(admin)
      .send({ contentType: 'image/jpeg', data: PNG.toString('base64') });
    expect(wrong.body.details[0]).toMatchObject({ code: 'NOT_AN_IMAGE' });

    const invoice = await issue(t, { customerId: jiri.id, lines: line });
    expect(invoice).toMatchObject({ totalMinor: 59900, pdfUrl: `/api/invoices/${invoice.id}/pdf` });
    const pdf = await t
      .http()
      .get(`/api/invoices/${invoice.id}/pdf`)
      .set(admin)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    const body = pdf.body as Buffer;
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(body.subarray(0, 5).toString()).toBe('%PDF-');
    const text = body.toString('latin1');
    expect(text).toMatch(/DejaVuSans/);
    // Each PNG with transparency is an image and its soft mask.
    expect(text.match(/\/Subtype \/Image/g)?.length).toBeGreaterThanOrEqual(2);
  });

  it('answers malformed input with 400 naming the field, never 500', async () => {
    const cases = [
      { lines: [] },
      { customerId: 'nope', lines: line },
      { customerId: jiri.id, lines: [{ description: 'x', quantity: 0, unitPriceMinor: 1 }] },
      { customerId: jiri.id, lines: [{ description: 'x', quantity: 1, unitPriceMinor: 1.5 }] },
      { customerId: jiri.id, issuedOn: '2026-02-30', lines: line },
    ];
    for (const body of cases) expect((await t.http().post('/api/invoices').set(admin).send(body)).status).toBe(400);
    const early = await t
      .http()
      .post('/api/invoices')
      .set(admin)
      .send({ customerId: jiri.id, issuedOn: '2026-03-10', dueOn: '2026-03-01', lines: line });
    expect(early.body.details[0]).toMatchObject({ field: 'dueOn', code: 'DUE_BEFORE_ISSUE' });
    expect((await t.http().get('/api/invoices?filter[issuedOn]=not-a-date').set(admin)).status).toBe(400);
    expect((await t.http().get('/api/invoices?filter[dueOn][gte]=2026-13-45').set(admin)).status).toBe(400);
    expect((await t.http().get('/api/payments?filter[matched]=maybe').set(admin)).status).toBe(400);
    // A statement given both ways is checked both ways: the file is not a string here.
    const both = await t
      .http()
      .post('/api/bank-statements')
      .set(admin)
      .send({ format: 'camt053', data: true, text: '<Document/>' });
    expect(both.status).toBe(400);
    expect(both.body.details[0]).toMatchObject({ field: 'data' });
  });
});
