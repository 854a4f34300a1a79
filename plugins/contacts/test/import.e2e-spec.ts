import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { DataSource } from 'typeorm';
import { CommandIO, RequestContext } from '@clientele/core';
import { bearer, startTestApp, type TestApp } from '../../../test/setup/harness.js';
import { CustomerImportService } from '../import/customer-import.service.js';
import { CustomerImportCommands } from '../import/import.commands.js';
import { contactsBasics, createCustomer, csvFolder, grant } from './helpers.js';

const HEADER = 'number,name,legal_form,email,phone,country,tax_ids,iban,state,gps';
const GOOD = [
  "A-1,Dvořák Jan,person,Jan.Dvorak@Seznam.cz,601 234 567,CZ,,CZ6508000000192000145399,connected,\"49° 57' 53.19'' N, 16° 58' 25.24'' E\"",
  'A-2,Šťastná Marie,person,marie@example.cz,+420 777 111 222,CZ,,,,',
  'A-3,Stavby Novák s.r.o.,company,info@novak.cz,00420602000111,CZ,ico:25596641;dic:CZ25596641,,limited,"50.0755, 14.4378"',
  ',Кузнецов Иван,person,ivan@mail.ru,+7 912 345-67-89,RU,inn:7707083893,,,',
];
const BAD = [
  'A-4,Bad Iban,person,,,CZ,,CZ6508000000192000145398,,',
  'A-5,Bad Ico,company,,,CZ,ico:25596642,,,',
  'A-1,Repeated Number,person,,,CZ,,,,',
  'A-6,Unknown State,person,,,CZ,,,asleep,',
];

describe('customer import and export', () => {
  let t: TestApp;
  let dir: string;
  let bookId: string;
  let importer: CustomerImportService;
  let db: DataSource;
  const system = RequestContext.system();
  const count = async (sql: string, params: unknown[] = []) => Number((await db.query(sql, params))[0].n);
  let file: (name: string, lines: string[]) => Promise<string>;

  beforeAll(async () => {
    t = await startTestApp({ plugins: ['contacts'] });
    ({
      addressBooks: [{ id: bookId }],
    } = await contactsBasics(t));
    importer = t.get(CustomerImportService);
    db = t.get(DataSource);
    ({ dir, write: file } = await csvFolder('import'));
  });
  afterAll(() => t.close());

  it('imports good rows normalised, rejects bad ones with the field and reason, and writes history', async () => {
    const taken = await createCustomer(t, t.adminToken, { name: 'Existing', number: 'A-7', addressBookId: bookId });
    expect(taken.number).toBe('A-7');
    const path = await file('first.csv', [HEADER, ...GOOD, ...BAD, 'A-7,Number In Use,person,,,CZ,,,,']);
    const summary = await importer.importFile(path, system, { addressBookId: bookId });
    expect(summary).toMatchObject({
      imported: 4,
      rejected: 5,
      skipped: 0,
      finished: true,
      alreadyImported: false,
      totalRows: 9,
    });

    const rejects = await importer.rejects(summary.importId);
    expect(rejects.map((r) => [r.line, r.reason.split(':')[0]])).toEqual([
      [6, 'iban INVALID_IBAN'],
      [7, 'taxIds.0.value INVALID_ICO'],
      [8, 'number DUPLICATE_NUMBER'],
      [9, 'state UNKNOWN_STATE'],
      [10, 'number NUMBER_TAKEN'],
    ]);
    expect(rejects[0].raw.name).toBe('Bad Iban');

    const [dvorak] = await db.query(
      `SELECT id, email, phone, iban, latitude, longitude FROM contacts_customers WHERE number = 'A-1'`,
    );
    expect(dvorak).toMatchObject({
      email: 'jan.dvorak@seznam.cz',
      phone: '+420601234567',
      iban: 'CZ6508000000192000145399',
    });
    expect(dvorak.latitude).toBeCloseTo(49.964775, 5);
    const card = await t.http().get(`/api/customers/${dvorak.id}`).set(bearer(t.adminToken));
    expect(card.status).toBe(200);
    expect(card.body.name).toBe('Dvořák Jan');
    const [ivan] = await db.query(`SELECT id, number, phone FROM contacts_customers WHERE name = 'Кузнецов Иван'`);
    expect(ivan.number).toMatch(/^\d+$/);
    expect(ivan.phone).toBe('+79123456789');

    // Each imported customer has its scope node under the book, a default consumer and one history entry.
    expect(
      await count(`SELECT count(*) AS n FROM scope_nodes WHERE kind = 'customer' AND parent_id = $1`, [bookId]),
    ).toBe(5);
    expect(
      await count(
        `SELECT count(*) AS n FROM contacts_consumers c JOIN scope_nodes n ON n.id = c.id AND n.parent_id = c.customer_id WHERE c.is_default AND c.customer_id = $1`,
        [dvorak.id],
      ),
    ).toBe(1);
    const history = await db.query(
      `SELECT action, actor_id, changes FROM history WHERE entity_type = 'customer' AND entity_id = $1`,
      [dvorak.id],
    );
    expect(history).toHaveLength(1);
    expect(history[0].changes.importedFrom.after).toBe('import of first.csv line 2');
    expect(history[0].actor_id).toBeNull();
  });

  it('does nothing when the same file is imported again, and recognises rows without a number in a corrected file', async () => {
    const before = await count(`SELECT count(*) AS n FROM contacts_customers`);
    const again = await importer.importFile(join(dir, 'first.csv'), system, { addressBookId: bookId });
    expect(again).toMatchObject({ alreadyImported: true, imported: 4 });
    expect(await count(`SELECT count(*) AS n FROM contacts_customers`)).toBe(before);

    // The operator fixes a rejected row and imports the corrected file: only that row is new.
    const corrected = await file('corrected.csv', [
      HEADER,
      ...GOOD,
      'A-4,Bad Iban,person,,,CZ,,CZ6508000000192000145399,,',
    ]);
    const summary = await importer.importFile(corrected, system, { addressBookId: bookId });
    expect(summary).toMatchObject({ imported: 1, skipped: 1, rejected: 3 });
    expect((await importer.rejects(summary.importId)).every((r) => r.reason.startsWith('number NUMBER_TAKEN'))).toBe(
      true,
    );
    expect(await count(`SELECT count(*) AS n FROM contacts_customers`)).toBe(before + 1);
    expect(await count(`SELECT count(*) AS n FROM contacts_customers WHERE name = 'Кузнецов Иван'`)).toBe(1);
  });

  it('resumes an interrupted import after the last committed batch', async () => {
    const rows = Array.from({ length: 25 }, (_, i) => `R-${i + 1},Horák ${i + 1},person,,,CZ,,,,`);
    const path = await file('big.csv', [HEADER, ...rows]);
    const first = await importer.importFile(path, system, {
      addressBookId: bookId,
      batchSize: 10,
      stopAfterBatches: 1,
    });
    expect(first).toMatchObject({ finished: false, imported: 10 });
    expect(await count(`SELECT count(*) AS n FROM contacts_customers WHERE number LIKE 'R-%'`)).toBe(10);

    const progress: number[] = [];
    const second = await importer.importFile(path, system, {
      addressBookId: bookId,
      onProgress: (done) => void progress.push(done),
    });
    expect(second).toMatchObject({ finished: true, resumed: true, imported: 25, rejected: 0 });
    expect(progress).toEqual([20, 25]);
    expect(await count(`SELECT count(*) AS n FROM contacts_customers WHERE number LIKE 'R-%'`)).toBe(25);
  });

  it('writes the reject file from the command line', async () => {
    const path = await file('cli.csv', [HEADER, 'C-1,Beneš Petr,person,,,CZ,,,,', 'C-2,Wrong Phone,person,,12,CZ,,,,']);
    const lines: string[] = [];
    // An address book may be named instead of given by id.
    const io: CommandIO = {
      args: [path],
      options: { 'address-book': 'Praha' },
      log: (l) => void lines.push(l),
      progress: () => ({ update() {}, stop() {} }),
    };
    expect(await t.get(CustomerImportCommands).importCustomers(io)).toBe(0);
    expect(lines[0]).toMatch(/1 imported, 1 rejected/);
    const rejects = parse(await readFile(`${path}.rejected.csv`), { columns: true });
    expect(rejects).toEqual([
      expect.objectContaining({
        line: '3',
        name: 'Wrong Phone',
        reason: expect.stringMatching(/^phone INVALID_PHONE/),
      }),
    ]);
  });

  it('exports every customer in the import format, and the export imports again without duplicates', async () => {
    const out = join(dir, 'export.csv');
    const io: CommandIO = { args: [out], options: {}, log: () => {}, progress: () => ({ update() {}, stop() {} }) };
    await t.get(CustomerImportCommands).exportCustomers(io);
    const rows: Record<string, string>[] = parse(await readFile(out), { columns: true });
    expect(rows).toHaveLength(await count(`SELECT count(*) AS n FROM contacts_customers WHERE deleted_at IS NULL`));
    expect(rows.find((r) => r.number === 'A-3')).toMatchObject({
      name: 'Stavby Novák s.r.o.',
      address_book: bookId,
      tax_ids: 'ico:25596641;dic:CZ25596641',
      state: 'limited',
      phone: '+420602000111',
      gps: '50.0755, 14.4378',
    });

    const before = await count(`SELECT count(*) AS n FROM contacts_customers`);
    const summary = await importer.importFile(out, system);
    expect(summary).toMatchObject({ imported: 0, rejected: rows.length });
    expect(await count(`SELECT count(*) AS n FROM contacts_customers`)).toBe(before);
  });

  it('runs as an API job with progress, for users who may write customers in the address book', async () => {
    const csv = `${HEADER}\nJ-1,Veselá Eva,person,eva@example.cz,603 111 222,CZ,,,,\nJ-2,Bad Iban,person,,,CZ,,XX00,,\n`;
    const outsider = await t.user('outsider@test.local');
    const refused = await t
      .http()
      .post(`/api/customers/import?addressBookId=${bookId}`)
      .set(bearer(outsider.token))
      .set('content-type', 'text/csv')
      .send(csv);
    expect(refused.status).toBe(404);

    const clerk = await t.user('clerk@test.local');
    await grant(t, clerk.id, 'administrator', bookId);
    const started = await t
      .http()
      .post(`/api/customers/import?addressBookId=${bookId}`)
      .set(bearer(clerk.token))
      .set('content-type', 'text/csv')
      .send(csv);
    expect(started.status).toBe(202);
    let job: any;
    for (let i = 0; i < 100; i++) {
      job = (await t.http().get(`/api/jobs/${started.body.jobId}`).set(bearer(clerk.token))).body;
      if (job.status !== 'running' && job.status !== 'queued') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(job).toMatchObject({ status: 'succeeded', progress: 2, total: 2 });
    expect(job.result).toMatchObject({
      imported: 1,
      rejected: 1,
      rejects: [{ line: 3, reason: expect.stringMatching(/^iban INVALID_IBAN/) }],
    });
    const [eva] = await db.query(`SELECT id FROM contacts_customers WHERE number = 'J-1'`);
    const history = await db.query(`SELECT actor_id FROM history WHERE entity_type = 'customer' AND entity_id = $1`, [
      eva.id,
    ]);
    expect(history).toEqual([{ actor_id: clerk.id }]);
  });

  it('rejects a row without a name instead of failing its batch', async () => {
    const path = await file('nameless.csv', [
      HEADER,
      'N-1,Malý Jiří,person,,,CZ,,,,',
      'N-2,,person,,,CZ,,,,',
      'N-3,"  ",company,,,CZ,,,,',
    ]);
    const summary = await importer.importFile(path, system, { addressBookId: bookId });
    expect(summary).toMatchObject({ imported: 1, rejected: 2, finished: true });
    expect((await importer.rejects(summary.importId)).map((r) => [r.line, r.reason.split(':')[0]])).toEqual([
      [3, 'name IS_STRING'],
      [4, 'name IS_STRING'],
    ]);
  });

  it('refuses a body that is not CSV', async () => {
    const res = await t
      .http()
      .post(`/api/customers/import?addressBookId=${bookId}`)
      .set(bearer(t.adminToken))
      .send({ rows: [] });
    expect(res.status).toBe(415);
  });
});
