import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { DataSource } from 'typeorm';
import { type CommandIO, RequestContext } from '@clientele/core';
import { bearer, type TestApp } from '../../../test/setup/harness.js';
import { InvoiceImportCommands } from '../invoice-imports/invoice-import.commands.js';
import { InvoiceImportService } from '../invoice-imports/invoice-import.service.js';
import {
  billingGroup,
  contactsReady,
  customer,
  daysFromToday,
  finished,
  gpc,
  importStatement,
  issue,
  startBillingApp,
} from './billing-test-kit.js';

const ACCOUNT = '2000145399';
const HEADER = 'number,customer_number,issued_on,due_on,currency,state,paid_on,total,description,quantity,unit_price';

async function grant(t: TestApp, userId: string, role: string, nodeId: string) {
  const roles = (await t.http().get('/api/roles?filter[isBuiltin]=true').set(bearer(t.adminToken))).body.items;
  const roleId = roles.find((r: { code: string }) => r.code === role).id;
  await t.http().post('/api/grants').set(bearer(t.adminToken)).send({ userId, roleId, nodeId }).expect(201);
}

describe('invoices imported from another system', () => {
  let t: TestApp;
  let admin: { Authorization: string };
  let north: { id: string };
  let south: { id: string };
  let jiri: { id: string; number: string };
  let petr: { id: string; number: string };
  let olga: { id: string; number: string };

  const upload = (csv: string | Buffer, token = t.adminToken, query = '') =>
    t
      .http()
      .post(`/api/invoice-imports${query}`)
      .set(bearer(token))
      .set('Content-Type', 'text/csv')
      .send(typeof csv === 'string' ? Buffer.from(csv) : csv);
  /** Uploads, waits for the job and answers its result. */
  const imported = async (csv: string | Buffer, token = t.adminToken, query = '') => {
    const res = await upload(csv, token, query);
    if (res.status !== 202) throw new Error(`import: ${res.status} ${JSON.stringify(res.body)}`);
    return (await finished(t, res.body.jobId, token)).result;
  };
  const invoicesOf = async (customerId: string) =>
    (await t.http().get(`/api/invoices?filter[customerId]=${customerId}&sort=dueOn`).set(admin)).body.items as any[];

  beforeAll(async () => {
    t = await startBillingApp();
    admin = bearer(t.adminToken);
    await contactsReady(t);
    north = await billingGroup(t, { name: 'Sever s.r.o.', ibans: ['CZ6508000000192000145399'] });
    south = await billingGroup(t, { name: 'Jih s.r.o.' });
    jiri = await customer(t, 'Dvořák Jiří');
    petr = await customer(t, 'Novák Petr');
    olga = await customer(t, 'Иванова Ольга');
    const account = (await t.http().get(`/api/billing-accounts/${olga.id}`).set(admin)).body;
    await t
      .http()
      .post(`/api/billing-accounts/${olga.id}/move`)
      .set(admin)
      .send({ version: account.version, groupId: south.id })
      .expect(200);
  });

  afterAll(() => t.close());

  it('keeps the numbers the other system gave, takes none from the series, and counts them in balance and score', async () => {
    const csv = [
      HEADER,
      // Paid 3 days before it was due.
      `OLD-2025-0001,${jiri.number},2025-11-01,2025-11-15,CZK,paid,2025-11-12,599.00,Internet 100 Mbit/s,,`,
      // Open, two lines: the second row of the same number is its second line.
      `OLD-2025-0002,${jiri.number},2025-12-01,2025-12-15,CZK,open,,,Internet 100 Mbit/s,1,599.00`,
      `OLD-2025-0002,${jiri.number},,,,,,,Veřejná IP adresa,2,"50,00"`,
    ].join('\n');
    const result = await imported(csv);
    expect(result).toMatchObject({ rows: 3, invoices: 2, imported: 2, unchanged: 0, rejected: 0, errors: [] });

    const invoices = await invoicesOf(jiri.id);
    expect(invoices.map((i) => [i.number, i.status, i.totalMinor, i.paidOn, i.sequence, i.imported])).toEqual([
      ['OLD-2025-0001', 'paid', 59900, '2025-11-12', null, true],
      ['OLD-2025-0002', 'open', 69900, null, null, true],
    ]);
    expect(invoices[1].lines).toEqual([
      { description: 'Internet 100 Mbit/s', quantity: 1, unitPriceMinor: 59900, totalMinor: 59900 },
      { description: 'Veřejná IP adresa', quantity: 2, unitPriceMinor: 5000, totalMinor: 10000 },
    ]);
    expect(invoices[0].groupId).toBe(north.id);

    // The paid one counts as paid elsewhere: only the open one is owed; it scores 3 days early.
    const [row] = await t
      .get(DataSource)
      .query(`SELECT balance_minor, score_total, scored_invoices FROM billing_standings WHERE customer_id = $1`, [
        jiri.id,
      ]);
    expect(row).toEqual({ balance_minor: '-69900', score_total: 3, scored_invoices: 1 });

    // The group's series starts where it was: the imports took no number from it.
    const next = await issue(t, {
      customerId: jiri.id,
      lines: [{ description: 'Internet', quantity: 1, unitPriceMinor: 100 }],
    });
    expect(next.number).toBe(`${next.issuedOn.slice(0, 4)}000001`);

    const history = (await t.http().get(`/api/invoices/${invoices[1].id}/history`).set(admin)).body.items;
    expect(history).toEqual([
      expect.objectContaining({
        action: 'create',
        changes: expect.objectContaining({
          number: { before: null, after: 'OLD-2025-0002' },
          totalMinor: { before: null, after: 69900 },
          imported: { before: null, after: true },
        }),
      }),
    ]);
  });

  it('changes nothing when the same file is imported again', async () => {
    const csv = [
      HEADER,
      `OLD-2025-0001,${jiri.number},2025-11-01,2025-11-15,CZK,paid,2025-11-12,599.00,Internet 100 Mbit/s,,`,
      `OLD-2025-0002,${jiri.number},2025-12-01,2025-12-15,CZK,open,,,Internet 100 Mbit/s,1,599.00`,
      `OLD-2025-0002,${jiri.number},,,,,,,Veřejná IP adresa,2,"50,00"`,
    ].join('\n');
    const db = t.get(DataSource);
    const before = await db.query(
      `SELECT id, version, updated_at, paid_minor FROM billing_invoices WHERE customer_id = $1 ORDER BY id`,
      [jiri.id],
    );
    const entries = await db.query(`SELECT count(*)::int AS n FROM history WHERE entity_type = 'invoice'`);
    expect(await imported(csv)).toMatchObject({ invoices: 2, imported: 0, unchanged: 2, rejected: 0 });
    expect(
      await db.query(
        `SELECT id, version, updated_at, paid_minor FROM billing_invoices WHERE customer_id = $1 ORDER BY id`,
        [jiri.id],
      ),
    ).toEqual(before);
    expect(await db.query(`SELECT count(*)::int AS n FROM history WHERE entity_type = 'invoice'`)).toEqual(entries);
  });

  it('answers a retry of a finished import with the counts it recorded, writing nothing', async () => {
    const res = await upload([HEADER, `R-1,${jiri.number},2025-10-01,2025-10-15,CZK,open,,100,,,`].join('\n')).expect(
      202,
    );
    const first = (await finished(t, res.body.jobId)).result;
    expect(first).toMatchObject({ imported: 1, unchanged: 0, rejected: 0 });
    const retry = await t.get(InvoiceImportService).importQueued(
      { importId: res.body.importId },
      { report: async () => {} },
      {
        id: res.body.jobId,
        queue: 'billing.import-invoices',
        attempt: 2,
        actorId: null,
        ctx: async () => RequestContext.system(),
      },
    );
    expect(retry).toEqual({ importId: res.body.importId, rows: 1, imported: 1, unchanged: 0, rejected: 0 });
    expect((await invoicesOf(jiri.id)).filter((i) => i.number === 'R-1')).toHaveLength(1);
  });

  it('refuses rows with their line numbers and imports every other invoice whole', async () => {
    const taken = await issue(t, {
      customerId: petr.id,
      lines: [{ description: 'Internet', quantity: 1, unitPriceMinor: 100 }],
    });
    const csv = [
      HEADER,
      `P-1,${petr.number},2025-13-01,2026-01-15,CZK,open,,100,,,`,
      `P-2,99999999,2025-12-01,2025-12-15,CZK,open,,100,,,`,
      `P-3,${petr.number},2025-12-01,2025-12-15,CZK,open,,,Internet,1,100`,
      `P-3,${petr.number},,,,,,,Router,1,sto korun`,
      `${taken.number},${petr.number},2025-12-01,2025-12-15,CZK,open,,100,,,`,
      `P-4,${petr.number},2025-12-01,2025-12-15,CZK,paid,,100,,,`,
      `P-5,${petr.number},2025-12-01,2025-11-15,CZK,open,,100,,,`,
      `P-6,${petr.number},1.12.2025,15.12.2025,CZK,open,,"1 250,50",,,`,
      `P-7,${petr.number},2025-12-01,2025-12-15,CZK,open,,200,,1,150`,
    ].join('\r\n');
    const result = await imported(csv);
    expect(result).toMatchObject({ rows: 9, invoices: 8, imported: 1, unchanged: 0, rejected: 7 });
    expect(result.errors.map((e: any) => [e.line, e.field, e.code])).toEqual([
      [2, 'issued_on', 'INVALID_DATE'],
      [3, 'customer_number', 'CUSTOMER_NOT_FOUND'],
      [5, 'unit_price', 'INVALID_AMOUNT'],
      [6, 'number', 'NUMBER_TAKEN'],
      [7, 'paid_on', 'INVALID_DATE'],
      [8, 'due_on', 'DUE_BEFORE_ISSUE'],
      [10, 'total', 'TOTAL_MISMATCH'],
    ]);
    const numbers = (await invoicesOf(petr.id)).map((i) => [i.number, i.totalMinor]);
    expect(numbers).toEqual([
      ['P-6', 125050],
      [taken.number, 100],
    ]);
  });

  it('reads a Czech spreadsheet’s file: windows-1250, semicolons, decimal commas and D.M.YYYY dates', async () => {
    const csv = iconv.encode(
      [
        'Number;Customer number;Issued on;Due on;Currency;State;Paid on;Total;Description',
        `C-2025/17;${petr.number};3.11.2025;17.11.2025;CZK;paid;20.11.2025;"1 000,00";Připojení — Žďár nad Sázavou`,
      ].join('\r\n'),
      'win1250',
    );
    expect(await imported(csv)).toMatchObject({ imported: 1, rejected: 0 });
    const invoice = (await invoicesOf(petr.id)).find((i) => i.number === 'C-2025/17');
    expect(invoice).toMatchObject({
      totalMinor: 100000,
      paidOn: '2025-11-20',
      lines: [{ description: 'Připojení — Žďár nad Sázavou', quantity: 1, unitPriceMinor: 100000 }],
    });
  });

  it('pays an imported open invoice from money paid ahead, and from payments that come later', async () => {
    await importStatement(
      t,
      'gpc',
      gpc(ACCOUNT, 1, [{ ref: 'ahead', symbol: olga.number, amountMinor: 30000, on: daysFromToday(-3) }]),
    );
    await imported([HEADER, `J-1,${olga.number},2025-12-01,2025-12-15,,open,,500,,,`].join('\n'));
    const [invoice] = await invoicesOf(olga.id);
    // Olga is in the southern group; without a currency the invoice is in the group's.
    expect(invoice).toMatchObject({ groupId: south.id, currency: 'CZK', paidMinor: 30000, status: 'open' });
    await importStatement(
      t,
      'gpc',
      gpc(ACCOUNT, 2, [{ ref: 'later', symbol: olga.number, amountMinor: 20000, on: daysFromToday(0) }]),
    );
    expect((await invoicesOf(olga.id))[0]).toMatchObject({ status: 'paid', paidMinor: 50000 });
  });

  it("lets staff limited to one group import that group's customers only; the others' rows are refused as unknown", async () => {
    const accountant = await t.user('ucetni@jih.cz');
    await grant(t, accountant.id, 'accountant', south.id);
    const result = await imported(
      [
        HEADER,
        `S-1,${olga.number},2025-12-01,2025-12-15,CZK,open,,100,,,`,
        `S-2,${jiri.number},2025-12-01,2025-12-15,CZK,open,,100,,,`,
      ].join('\n'),
      accountant.token,
    );
    expect(result).toMatchObject({ imported: 1, rejected: 1 });
    expect(result.errors).toEqual([
      { line: 3, field: 'customer_number', code: 'CUSTOMER_NOT_FOUND', message: `No customer numbered ${jiri.number}` },
    ]);
    expect((await invoicesOf(jiri.id)).map((i) => i.number)).not.toContain('S-2');
  });

  it('refuses a file without the columns an invoice needs, and a body that is not CSV', async () => {
    const missing = await upload('number,total\nX-1,100\n').expect(400);
    expect(missing.body.details).toEqual([
      {
        field: 'body',
        code: 'MISSING_COLUMNS',
        message: 'The header row lacks the column(s) customer_number, issued_on, due_on, state',
      },
    ]);
    const broken = await upload(`${HEADER}\nX-1,${jiri.number},2025-12-01\n"X-2,${jiri.number}\n`).expect(400);
    expect(broken.body.details[0]).toMatchObject({ field: 'body', code: 'INVALID_CSV' });
    expect(broken.body.details[0].message).toMatch(/^Line 3: /);
    await t.http().post('/api/invoice-imports').set(admin).send({ invoices: [] }).expect(415);
    expect((await upload('').expect(400)).body.details[0].code).toBe('EMPTY_FILE');
  });

  it('imports from the command line, reporting refused rows with their lines', async () => {
    const path = join(tmpdir(), `invoices-${Date.now()}.csv`);
    writeFileSync(
      path,
      [
        HEADER,
        `CLI-1,${petr.number},2025-10-01,2025-10-15,CZK,open,,100,,,`,
        `CLI-2,${petr.number},x,,CZK,open,,100,,,`,
      ].join('\n'),
    );
    const lines: string[] = [];
    const io = {
      args: [path],
      options: {},
      log: (line: string) => lines.push(line),
      progress: () => ({ update() {}, stop() {} }),
    } as CommandIO;
    expect(await t.get(InvoiceImportCommands).importInvoices(io)).toBe(1);
    expect(lines[0]).toBe('2 invoices in 2 rows: 1 imported, 0 imported before (left as they were), 1 refused');
    expect(lines[1]).toMatch(/^line 3: issued_on: /);
    lines.length = 0;
    await t.get(InvoiceImportCommands).importInvoices(io);
    expect(lines[0]).toBe('2 invoices in 2 rows: 0 imported, 1 imported before (left as they were), 1 refused');
  });
});
