import { writeFile } from 'node:fs/promises';
import { DataSource } from 'typeorm';
import { RequestContext } from '@clientele/core';
import { bearer, startTestApp, type TestApp } from '../../../test/setup/harness.js';
import { CustomerImportService } from '../import/customer-import.service.js';
import { DeferredIndexes } from '../import/deferred-indexes.js';
import { contactsBasics, createCustomer, csvFolder } from './helpers.js';

describe('customer indexes during a large import', () => {
  let t: TestApp;
  let write: (name: string, lines: string[]) => Promise<string>;
  let bookId: string;
  let importer: CustomerImportService;
  let db: DataSource;
  const system = RequestContext.system();
  const indexes = async (): Promise<{ indexname: string; indexdef: string }[]> =>
    db.query(`SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'contacts_customers' ORDER BY indexname`);
  const deferred = async () =>
    Number((await db.query(`SELECT count(*) AS n FROM contacts_customer_import_deferred_indexes`))[0].n);
  const csv = (name: string, count: number) =>
    write(name, [
      'number,name,legal_form,email',
      ...Array.from(
        { length: count },
        (_, i) =>
          `${name.slice(0, 2).toUpperCase()}-${i + 1},Procházka ${name} ${i + 1},person,procházka.${i + 1}@${name}.cz`,
      ),
    ]);

  beforeAll(async () => {
    t = await startTestApp({ plugins: ['contacts'] });
    ({
      addressBooks: [{ id: bookId }],
    } = await contactsBasics(t));
    importer = t.get(CustomerImportService);
    db = t.get(DataSource);
    ({ write } = await csvFolder('import-indexes'));
    await createCustomer(t, t.adminToken, { name: 'Existing One', addressBookId: bookId });
  });
  afterAll(() => t.close());

  it('writes an import that at least doubles the table without the secondary indexes and builds them again at its end', async () => {
    const before = await indexes();
    expect(before.map((i) => i.indexname)).toEqual(
      expect.arrayContaining(['contacts_customers_name', 'contacts_customers_pkey', 'contacts_customers_number_key']),
    );
    const during: string[][] = [];
    const summary = await importer.importFile(await csv('first.csv', 30), system, {
      addressBookId: bookId,
      batchSize: 10,
      onProgress: async () => void during.push((await indexes()).map((i) => i.indexname)),
    });
    expect(summary).toMatchObject({ imported: 30, finished: true });
    // While writing only what constraints need is left: the primary key and the unique number.
    expect(during).toHaveLength(3);
    for (const names of during) expect(names).toEqual(['contacts_customers_number_key', 'contacts_customers_pkey']);
    expect(await indexes()).toEqual(before);
    expect(await deferred()).toBe(0);
    const found = await t.http().get('/api/customers?q=prochazka%20first.csv%2017').set(bearer(t.adminToken));
    expect(found.body.items.map((c: { number: string }) => c.number)).toEqual(['FI-17']);
  });

  it('builds the indexes again when the file turns out malformed half-way, and keeps the batches written before', async () => {
    const before = await indexes();
    const path = await csv('broken.csv', 45);
    await writeFile(path, `BR-46,"Unclosed quote,person,x@broken.cz\n`, { flag: 'a' });
    await expect(importer.importFile(path, system, { addressBookId: bookId, batchSize: 10 })).rejects.toThrow(/quote/i);
    expect(await indexes()).toEqual(before);
    expect(await deferred()).toBe(0);
    const [run] = await db.query(
      `SELECT status, rows_done::int AS rows FROM contacts_customer_imports WHERE file_name = 'broken.csv'`,
    );
    // csv-parse may report the error before handing over the last rows it read: some whole batches were committed, and the run says which.
    expect(run.status).toBe('running');
    expect(run.rows % 10).toBe(0);
    expect(run.rows).toBeGreaterThanOrEqual(10);
    expect(Number((await db.query(`SELECT count(*) AS n FROM contacts_customers WHERE number LIKE 'BR-%'`))[0].n)).toBe(
      run.rows,
    );
  });

  it('keeps the indexes for an import smaller than the table', async () => {
    const before = await indexes();
    const during: number[] = [];
    await importer.importFile(await csv('small.csv', 5), system, {
      addressBookId: bookId,
      onProgress: async () => void during.push((await indexes()).length),
    });
    expect(during).toEqual([before.length]);
    expect(await indexes()).toEqual(before);
  });

  it('builds indexes left aside by an import that was killed, at the next import or server start', async () => {
    const before = await indexes();
    const leaveAside = async () => {
      const name = await db.query(`SELECT indexdef FROM pg_indexes WHERE indexname = 'contacts_customers_name'`);
      await db.query(
        `INSERT INTO contacts_customer_import_deferred_indexes (name, definition, import_id) VALUES ('contacts_customers_name', $1, clientele_uuid_v7())`,
        [name[0].indexdef],
      );
      await db.query(`DROP INDEX contacts_customers_name`);
    };
    await leaveAside();
    await importer.importFile(await csv('next.csv', 2), system, { addressBookId: bookId });
    expect(await indexes()).toEqual(before);
    expect(await deferred()).toBe(0);

    await leaveAside();
    const runner = db.createQueryRunner();
    try {
      expect(await DeferredIndexes.restoreLeftovers(runner)).toBe(true);
      expect(await DeferredIndexes.restoreLeftovers(runner)).toBe(false);
    } finally {
      await runner.release();
    }
    expect(await indexes()).toEqual(before);
  });
});
