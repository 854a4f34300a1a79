import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CommandIO } from '@clientele/core';
import { StatementCommands } from '../payments/statement.commands.js';
import { DataSource } from 'typeorm';
import { bearer, type TestApp } from '../../../test/setup/harness.js';
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
const line = (unitPriceMinor: number) => [{ description: 'Internet', quantity: 1, unitPriceMinor }];

describe('bank payments', () => {
  let t: TestApp;
  let admin: { Authorization: string };
  let jiri: { id: string; number: string };
  let petr: { id: string; number: string };
  let olga: { id: string; number: string };

  const invoicesOf = async (customerId: string) =>
    (await t.http().get(`/api/invoices?filter[customerId]=${customerId}&sort=dueOn`).set(admin)).body.items as any[];
  const account = async (customerId: string) =>
    (await t.http().get(`/api/billing-accounts/${customerId}`).set(admin)).body;
  const symbol = (c: { number: string }) => c.number.replace(/^0+/, '');

  beforeAll(async () => {
    t = await startBillingApp();
    admin = bearer(t.adminToken);
    await contactsReady(t);
    await billingGroup(t, { name: 'Síť Šumperk s.r.o.', ibans: ['CZ6508000000192000145399'] });
    jiri = await customer(t, 'Dvořák Jiří');
    petr = await customer(t, 'Novák Petr');
    olga = await customer(t, 'Иванова Ольга');
  });

  afterAll(() => t.close());

  it("pays a customer's open invoices oldest due first; a partial payment leaves the next one open with what is paid", async () => {
    const older = await issue(t, {
      customerId: jiri.id,
      issuedOn: daysFromToday(-60),
      dueOn: daysFromToday(-46),
      lines: line(50000),
    });
    const newer = await issue(t, {
      customerId: jiri.id,
      issuedOn: daysFromToday(-30),
      dueOn: daysFromToday(-16),
      lines: line(50000),
    });
    const paidOn = daysFromToday(-20);
    const result = await importStatement(
      t,
      'gpc',
      gpc(ACCOUNT, 1, [{ ref: '1', symbol: jiri.number, amountMinor: 70000, on: paidOn }]),
    );
    expect(result.job.result).toMatchObject({ payments: 1, matched: 1, unmatched: 0 });
    const [first, second] = await invoicesOf(jiri.id);
    expect(first).toMatchObject({ id: older.id, status: 'paid', paidMinor: 50000, paidOn });
    expect(second).toMatchObject({ id: newer.id, status: 'open', paidMinor: 20000, paidOn: null });
    expect(await account(jiri.id)).toMatchObject({ balanceMinor: -30000, invoicedMinor: 100000, paidMinor: 70000 });
  });

  it('keeps an overpayment as credit, spent on the next invoice issued', async () => {
    await importStatement(
      t,
      'gpc',
      gpc(ACCOUNT, 2, [{ ref: '2', symbol: jiri.number, amountMinor: 40000, on: daysFromToday(-10) }]),
    );
    expect((await invoicesOf(jiri.id)).map((i) => i.status)).toEqual(['paid', 'paid']);
    expect((await account(jiri.id)).balanceMinor).toBe(10000);
    const next = await issue(t, { customerId: jiri.id, lines: line(25000) });
    expect(next).toMatchObject({ status: 'open', paidMinor: 10000 });
    expect((await account(jiri.id)).balanceMinor).toBe(-15000);
  });

  it("matches a payment quoting one of the customer's extra variable symbols", async () => {
    const before = await account(petr.id);
    await t
      .http()
      .patch(`/api/billing-accounts/${petr.id}`)
      .set(admin)
      .send({ version: before.version, extraVariableSymbols: ['0077001'] })
      .expect(200);
    await issue(t, { customerId: petr.id, lines: line(30000) });
    await importStatement(
      t,
      'gpc',
      gpc(ACCOUNT, 3, [{ ref: '3', symbol: '77001', amountMinor: 30000, on: daysFromToday(0) }]),
    );
    expect((await invoicesOf(petr.id))[0]).toMatchObject({ status: 'paid' });
  });

  it('changes nothing when the same statement is imported again, or a movement comes again in another statement', async () => {
    const file = gpc(ACCOUNT, 4, [{ ref: '4', symbol: olga.number, amountMinor: 1000, on: daysFromToday(0) }]);
    const first = await importStatement(t, 'gpc', file);
    const again = await t
      .http()
      .post('/api/bank-statements')
      .set(admin)
      .send({ format: 'gpc', data: file.toString('base64') })
      .expect(202);
    expect(again.body).toMatchObject({ statementId: first.statementId, alreadyImported: true });
    const overlapping = await importStatement(
      t,
      'gpc',
      gpc(ACCOUNT, 5, [
        { ref: '4', symbol: olga.number, amountMinor: 1000, on: daysFromToday(0) },
        { ref: '5', symbol: olga.number, amountMinor: 2000, on: daysFromToday(0) },
      ]),
    );
    expect(overlapping.job.result).toMatchObject({ payments: 1, duplicates: 1 });
    expect((await account(olga.id)).paidMinor).toBe(3000);
  });

  it('puts a payment nobody can be named for in the queue, where a person assigns it, and the assignment can be undone', async () => {
    const invoice = await issue(t, { customerId: olga.id, lines: line(7000) });
    await importStatement(
      t,
      'gpc',
      gpc(ACCOUNT, 6, [
        { ref: '6', symbol: '999888777', amountMinor: 4000, on: daysFromToday(0), name: 'Neznámý plátce' },
      ]),
    );
    const queue = (await t.http().get('/api/payments?filter[matched]=false').set(admin).expect(200)).body;
    expect(queue.items).toHaveLength(1);
    const waiting = queue.items[0];
    expect(waiting).toMatchObject({
      amountMinor: 4000,
      variableSymbol: '999888777',
      counterName: 'Neznámý plátce',
      customerId: null,
    });

    const assigned = await t
      .http()
      .post(`/api/payments/${waiting.id}/assign`)
      .set(admin)
      .send({ version: waiting.version, customerId: olga.id })
      .expect(200);
    expect(assigned.body).toMatchObject({ customerId: olga.id, matchedBy: 'person' });
    expect((await t.http().get(`/api/invoices/${invoice.id}`).set(admin)).body).toMatchObject({
      status: 'paid',
      paidMinor: 7000,
    });
    expect((await t.http().get('/api/payments?filter[matched]=false').set(admin)).body.items).toHaveLength(0);

    const stale = await t.http().post(`/api/payments/${waiting.id}/undo`).set(admin).send({ version: waiting.version });
    expect(stale.status).toBe(409);
    await t
      .http()
      .post(`/api/payments/${waiting.id}/undo`)
      .set(admin)
      .send({ version: assigned.body.version })
      .expect(200);
    // Olga's earlier 3000 of credit still pays into the invoice; the undone 4000 no longer does.
    expect((await t.http().get(`/api/invoices/${invoice.id}`).set(admin)).body).toMatchObject({
      status: 'open',
      paidMinor: 3000,
    });
    expect(
      (await t.http().get('/api/payments?filter[matched]=false').set(admin)).body.items.map((p: any) => p.id),
    ).toEqual([waiting.id]);
    const history = (await t.http().get(`/api/invoices/${invoice.id}/history`).set(admin)).body.items
      .map((h: any) => h.changes.status?.after)
      .filter(Boolean);
    expect(history).toEqual(expect.arrayContaining(['paid', 'open']));
  });

  it('imports a CAMT.053 statement, symbols from the end-to-end id, the structured reference and the remittance text', async () => {
    const xml = readFileSync('plugins/billing-groups/test/fixtures/statement.camt053.xml', 'utf8')
      .replace('/VS0000000123/SS/KS0308', `/VS${jiri.number}/SS/KS0308`)
      .replace('<Ref>124</Ref>', `<Ref>${symbol(petr)}</Ref>`)
      .replace('VS: 125', `VS: ${symbol(olga)}`);
    const result = await importStatement(t, 'camt053', Buffer.from(xml));
    expect(result.job.result).toMatchObject({ payments: 4, matched: 3, unmatched: 1, skipped: 2 });
    const names = (
      await t.http().get(`/api/payments?filter[statementId]=${result.statementId}&sort=amountMinor`).set(admin)
    ).body.items.map((p: any) => [p.amountMinor, p.customerId]);
    expect(names).toEqual([
      [20000, olga.id],
      [30050, petr.id],
      [59900, jiri.id],
      [100010, null],
    ]);
  });

  it('answers 400 naming the line for a statement it cannot read, and stores nothing', async () => {
    const db = t.get(DataSource);
    const [{ count: before }] = await db.query(`SELECT count(*)::int AS count FROM billing_statements`);
    const res = await t
      .http()
      .post('/api/bank-statements')
      .set(admin)
      .send({ format: 'gpc', data: Buffer.from('074garbage\r\n075broken').toString('base64') });
    expect(res.status).toBe(400);
    expect(res.body.details[0]).toMatchObject({ field: 'data', code: 'INVALID_STATEMENT' });
    const [{ count: after }] = await db.query(`SELECT count(*)::int AS count FROM billing_statements`);
    expect(after).toBe(before);
  });

  it('imports a statement file from the command line, telling the format from the content, and a second time changes nothing', async () => {
    const path = join(tmpdir(), `statement-${Date.now()}.gpc`);
    writeFileSync(path, gpc(ACCOUNT, 7, [{ ref: '7', symbol: olga.number, amountMinor: 500, on: daysFromToday(0) }]));
    const lines: string[] = [];
    const io = {
      args: [path],
      options: {},
      log: (line: string) => lines.push(line),
      progress: () => ({ update() {}, stop() {} }),
    } as CommandIO;
    expect(await t.get(StatementCommands).importStatement(io)).toBe(0);
    expect(lines[0]).toBe(
      '1 payments: 1 matched, 0 waiting for a person; 0 debits or reversals skipped, 0 already imported from another statement',
    );
    expect(await t.get(StatementCommands).importStatement(io)).toBe(0);
    expect(lines.at(-1)).toMatch(/was imported before: nothing changed/);
  });

  it('keeps every match in history: the payment names its customer, the invoice its paid amount', async () => {
    const [payment] = (await t.http().get(`/api/payments?filter[customerId]=${petr.id}`).set(admin)).body.items;
    const history = (await t.http().get(`/api/payments/${payment.id}/history`).set(admin).expect(200)).body.items;
    expect(history[history.length - 1]).toMatchObject({
      action: 'create',
      changes: { customerId: { after: petr.id } },
    });
  });
});
