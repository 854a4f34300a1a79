import { DataSource } from 'typeorm';
import { bearer, type TestApp } from '../../../test/setup/harness.js';
import { BillingAccountsService } from '../accounts/billing-accounts.service.js';
import {
  billingGroup,
  contactsReady,
  customer,
  daysFromToday,
  gpc,
  importStatement,
  issue,
  startBillingApp,
} from './billing-test-kit.js';

const ACCOUNT = '2000145399';
const line = [{ description: 'Internet', quantity: 1, unitPriceMinor: 60000 }];

describe('standing and suspension of non-payers', () => {
  let t: TestApp;
  let admin: { Authorization: string };
  let punctual: { id: string; number: string };
  let debtor: { id: string; number: string };
  let exempt: { id: string; number: string };
  let small: { id: string; number: string };

  const account = async (id: string) => (await t.http().get(`/api/billing-accounts/${id}`).set(admin)).body;
  const card = async (id: string) => (await t.http().get(`/api/customers/${id}`).set(admin)).body;
  const services = async (id: string) => {
    const consumers = (await t.http().get(`/api/customers/${id}/consumers`).set(admin)).body.items;
    return (await t.http().get(`/api/consumers/${consumers[0].id}/services`).set(admin)).body.items.map(
      (s: { status: string }) => s.status,
    );
  };
  const outbox = (type: string) =>
    t.get(DataSource).query(`SELECT payload FROM event_outbox WHERE type = $1 ORDER BY sequence`, [type]);

  beforeAll(async () => {
    t = await startBillingApp({ suspendNonPayers: true, suspendAfterDays: 10, suspendMinimumMinor: 10000 });
    admin = bearer(t.adminToken);
    await contactsReady(t);
    await billingGroup(t, { name: 'Síť Šumperk s.r.o.', ibans: ['CZ6508000000192000145399'] });
    punctual = await customer(t, 'Dvořák Jiří');
    debtor = await customer(t, 'Novák Petr', { state: 'connected' });
    exempt = await customer(t, 'Městský úřad');
    small = await customer(t, 'Malý dlužník');
  });

  afterAll(() => t.close());

  it("scores 10 months paid 2 days early as 20 in total and 2 on average (the manual's example)", async () => {
    const credits = [];
    for (let month = 10; month >= 1; month--) {
      const dueOn = daysFromToday(-30 * month);
      await issue(t, { customerId: punctual.id, issuedOn: daysFromToday(-30 * month - 14), dueOn, lines: line });
      credits.push({
        ref: `p${month}`,
        symbol: punctual.number,
        amountMinor: 60000,
        on: daysFromToday(-30 * month - 2),
      });
    }
    await importStatement(t, 'gpc', gpc(ACCOUNT, 1, credits));
    expect(await account(punctual.id)).toMatchObject({
      scoreTotal: 20,
      scoreAverage: 2,
      scoredInvoices: 10,
      balanceMinor: 0,
    });
  });

  it('counts days paid late minus', async () => {
    await issue(t, { customerId: small.id, issuedOn: daysFromToday(-40), dueOn: daysFromToday(-30), lines: line });
    await importStatement(
      t,
      'gpc',
      gpc(ACCOUNT, 2, [{ ref: 's1', symbol: small.number, amountMinor: 60000, on: daysFromToday(-27) }]),
    );
    expect(await account(small.id)).toMatchObject({ scoreTotal: -3, scoreAverage: -3 });
  });

  it('lists, filters and sorts customers by balance and score', async () => {
    const byScore = (
      await t.http().get('/api/billing-accounts?sort=-scoreTotal&filter[scoreTotal][gte]=-100').set(admin).expect(200)
    ).body.items;
    expect(byScore[0].customerId).toBe(punctual.id);
    const late = (await t.http().get('/api/billing-accounts?filter[scoreTotal][lt]=0').set(admin)).body.items.map(
      (a: any) => a.customerId,
    );
    expect(late).toEqual([small.id]);
  });

  it('adds the billing column and the balance and score filters to the customer list', async () => {
    const late = (await t.http().get('/api/customers?filter[scoreTotal][lt]=0').set(admin).expect(200)).body.items;
    expect(late.map((c: any) => c.id)).toEqual([small.id]);
    expect(late[0].billing).toMatchObject({
      groupName: 'Síť Šumperk s.r.o.',
      scoreTotal: -3,
      balanceMinor: 0,
      nonPayer: false,
    });
    const punctualOnes = (
      await t.http().get('/api/customers?filter[scoreAverage][gte]=1.5&filter[balanceMinor]=0').set(admin)
    ).body.items;
    expect(punctualOnes.map((c: any) => c.id)).toEqual([punctual.id]);
    expect((await t.http().get('/api/customers?filter[scoreTotal][gte]=abc').set(admin)).status).toBe(400);
  });

  it("offers templates the customer's billing: group, balance, score, symbol", async () => {
    const values = (
      await t
        .http()
        .get('/api/template-variables/values')
        .query({ context: 'customer', id: punctual.id })
        .set(admin)
        .expect(200)
    ).body;
    expect(values.billing).toEqual({
      group: 'Síť Šumperk s.r.o.',
      balanceMinor: 0,
      scoreTotal: 20,
      scoreAverage: 2,
      nonPayer: false,
      variableSymbol: punctual.number.replace(/^0+/, ''),
    });
    const keys = (
      await t.http().get('/api/template-variables').query({ context: 'customer' }).set(admin)
    ).body.items.map((v: { key: string }) => v.key);
    expect(keys).toEqual(expect.arrayContaining(['billing.balanceMinor', 'billing.scoreTotal']));
  });

  it('shows in a dry run who would be suspended, changing nothing', async () => {
    await issue(t, { customerId: debtor.id, issuedOn: daysFromToday(-40), dueOn: daysFromToday(-26), lines: line });
    await issue(t, { customerId: exempt.id, issuedOn: daysFromToday(-40), dueOn: daysFromToday(-26), lines: line });
    const exemptAccount = await account(exempt.id);
    await t
      .http()
      .patch(`/api/billing-accounts/${exempt.id}`)
      .set(admin)
      .send({ version: exemptAccount.version, neverSuspend: true })
      .expect(200);
    // Overdue, but owing only 5000 of 60000: under the minimum.
    await issue(t, { customerId: small.id, issuedOn: daysFromToday(-40), dueOn: daysFromToday(-26), lines: line });
    await importStatement(
      t,
      'gpc',
      gpc(ACCOUNT, 3, [{ ref: 's2', symbol: small.number, amountMinor: 55000, on: daysFromToday(-1) }]),
    );
    const preview = (await t.http().get('/api/billing-suspension/preview').set(admin).expect(200)).body;
    expect(preview).toMatchObject({
      enabled: true,
      total: 1,
      items: [{ customerId: debtor.id, owedMinor: 60000, daysOverdue: 26 }],
    });
    expect((await account(debtor.id)).nonPayer).toBe(false);
  });

  it('suspends the non-payer — state, services, history, event — and restores it when it pays', async () => {
    const run = (await t.http().post('/api/billing-suspension/run').set(admin).expect(200)).body;
    expect(run).toEqual({ suspended: 1, restored: 0 });
    expect(await account(debtor.id)).toMatchObject({ nonPayer: true });
    expect((await card(debtor.id)).state.code).toBe('non_payer');
    expect(await services(debtor.id)).toEqual(['suspended']);
    expect((await outbox('billing.customer_suspended')).map((e: any) => e.payload)).toEqual([
      { customerId: debtor.id, customerNumber: debtor.number, owedMinor: 60000 },
    ]);
    expect((await account(exempt.id)).nonPayer).toBe(false);

    await importStatement(
      t,
      'gpc',
      gpc(ACCOUNT, 4, [{ ref: 'd1', symbol: debtor.number, amountMinor: 60000, on: daysFromToday(0) }]),
    );
    expect((await t.http().post('/api/billing-suspension/run').set(admin).expect(200)).body).toEqual({
      suspended: 0,
      restored: 1,
    });
    expect(await account(debtor.id)).toMatchObject({ nonPayer: false, suspendedAt: null });
    expect((await card(debtor.id)).state.code).toBe('connected');
    expect(await services(debtor.id)).toEqual(['active']);
    expect(await outbox('billing.customer_restored')).toHaveLength(1);
    const history = (await t.http().get(`/api/billing-accounts/${debtor.id}/history`).set(admin)).body.items;
    const changes = history
      .filter((h: any) => h.action === 'update')
      .map((h: any) => h.changes.nonPayer?.after)
      .filter((v: unknown) => v !== undefined);
    expect(changes).toEqual([false, true]);
  });

  it('recomputes every standing set-based, the same as the running figures', async () => {
    const db = t.get(DataSource);
    const before = await db.query(`SELECT * FROM billing_standings ORDER BY customer_id`);
    await db.query(`UPDATE billing_standings SET score_total = 0, balance_minor = 0, score_average = NULL`);
    await t.get(BillingAccountsService).refreshAll();
    const after = await db.query(`SELECT * FROM billing_standings ORDER BY customer_id`);
    expect(after.map(({ refreshed_at: _r, ...row }: any) => row)).toEqual(
      before.map(({ refreshed_at: _r, ...row }: any) => row),
    );
  });

  it("suspends sooner a customer whose own limit is shorter than the system's, with an event for each customer", async () => {
    const hurried = [await customer(t, 'Spěchal Adam'), await customer(t, 'Spěchala Eva')];
    for (const c of hurried)
      await issue(t, { customerId: c.id, issuedOn: daysFromToday(-19), dueOn: daysFromToday(-5), lines: line });
    expect((await t.http().post('/api/billing-suspension/run').set(admin).expect(200)).body.suspended).toBe(0);
    for (const c of hurried)
      await t
        .http()
        .patch(`/api/billing-accounts/${c.id}`)
        .set(admin)
        .send({ version: (await account(c.id)).version, suspendAfterDays: 3 })
        .expect(200);
    expect((await t.http().post('/api/billing-suspension/run').set(admin).expect(200)).body.suspended).toBe(2);
    const events = (await outbox('billing.customer_suspended')).map((e: any) => e.payload);
    expect(events.slice(1).sort((a: any, b: any) => a.customerNumber.localeCompare(b.customerNumber))).toEqual(
      hurried.map((c) => ({ customerId: c.id, customerNumber: c.number, owedMinor: 60000 })),
    );
  });

  it('with the switch off, suspends nobody, though the dry run still lists who would be', async () => {
    const current = (await t.http().get('/api/settings/billing-groups').set(admin).expect(200)).body;
    await t
      .http()
      .patch('/api/settings/billing-groups')
      .set(admin)
      .send({ version: current.version, suspendNonPayers: false })
      .expect(200);
    await issue(t, { customerId: debtor.id, issuedOn: daysFromToday(-40), dueOn: daysFromToday(-26), lines: line });
    expect((await t.http().get('/api/billing-suspension/preview').set(admin)).body).toMatchObject({
      enabled: false,
      total: 1,
    });
    expect((await t.http().post('/api/billing-suspension/run').set(admin).expect(200)).body).toEqual({
      suspended: 0,
      restored: 0,
    });
    expect((await account(debtor.id)).nonPayer).toBe(false);
  });
});
