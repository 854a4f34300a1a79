import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { RequestContext, readableCsv, type CsvFormat } from '@clientele/core';
import { bearer, startTestApp, type TestApp } from '../../../test/setup/harness.js';
import { CustomerExportService } from '../import/customer-export.service.js';
import { contactsBasics } from './helpers.js';

/** Files saved by the spreadsheet programs people here use: Czech Windows (windows-1250, semicolons) and Russian (windows-1251). */
describe('importing and exporting CSV in the encodings and delimiters people have', () => {
  let t: TestApp;
  let bookId: string;
  beforeAll(async () => {
    t = await startTestApp({ plugins: ['contacts'] });
    ({
      addressBooks: [{ id: bookId }],
    } = await contactsBasics(t));
  });
  afterAll(() => t?.close());

  const upload = (bytes: Buffer, query: Record<string, string> = {}) =>
    t
      .http()
      .post('/api/customers/import')
      .query({ addressBookId: bookId, ...query })
      .set(bearer(t.adminToken))
      .set('content-type', 'text/csv')
      .send(bytes);
  async function finished(jobId: string) {
    let job: any;
    for (let i = 0; i < 200; i++) {
      job = (await t.http().get(`/api/jobs/${jobId}`).set(bearer(t.adminToken))).body;
      if (job.status !== 'running' && job.status !== 'queued') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    return job;
  }
  const nameOf = async (number: string) =>
    (await t.http().get('/api/customers').query({ q: number }).set(bearer(t.adminToken))).body.items.find(
      (c: any) => c.number === number,
    )?.name;

  it('imports a windows-1250 file separated by semicolons with its letters intact', async () => {
    const started = await upload(
      iconv.encode('number;name;legal_form\nW-1;Dvořák Řehoř;person\nW-2;Šťastná Žofie;person\n', 'windows-1250'),
    );
    expect(started.status).toBe(202);
    expect(await finished(started.body.jobId)).toMatchObject({
      status: 'succeeded',
      result: { imported: 2, rejected: 0 },
    });
    expect([await nameOf('W-1'), await nameOf('W-2')]).toEqual(['Dvořák Řehoř', 'Šťastná Žofie']);
  });

  it('imports windows-1251 with the encoding detected, and tab-separated text with both named', async () => {
    const cyrillic = await upload(iconv.encode('number,name,legal_form\nR-1,Иванов Пётр,person\n', 'windows-1251'));
    expect(await finished(cyrillic.body.jobId)).toMatchObject({ status: 'succeeded', result: { imported: 1 } });
    expect(await nameOf('R-1')).toBe('Иванов Пётр');
    const tabbed = await upload(
      iconv.encode('number\tname\tlegal_form\nT-1\tĽubochňa s.r.o.\tcompany\n', 'iso-8859-2'),
      { encoding: 'iso-8859-2', delimiter: 'tab' },
    );
    expect(await finished(tabbed.body.jobId)).toMatchObject({ status: 'succeeded', result: { imported: 1 } });
    expect(await nameOf('T-1')).toBe('Ľubochňa s.r.o.');
  });

  it('refuses a file that is not the encoding it is said to be with the line, storing nothing', async () => {
    const refused = await upload(iconv.encode('number,name\nX-1,Fine\nX-2,Dvořák\n', 'windows-1250'), {
      encoding: 'utf-8',
    });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({
      code: 'INVALID_ENCODING',
      line: 3,
      details: [{ field: 'body', code: 'INVALID_ENCODING' }],
    });
    expect(await nameOf('X-1')).toBeUndefined();
    const unknown = await upload(Buffer.from('number,encoding\n1,weird\n'), { encoding: 'latin-9' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.details[0]).toMatchObject({ field: 'encoding' });
  });

  it('exports in the encoding and with the delimiter asked for, so the file reads back as the same customers; letters the encoding lacks are refused', async () => {
    const exported = async (format: Partial<CsvFormat>) => {
      const out = new PassThrough();
      const chunks: Buffer[] = [];
      out.on('data', (chunk: Buffer) => chunks.push(chunk));
      await t.get(CustomerExportService).exportTo(out, RequestContext.system(), format);
      return Buffer.concat(chunks);
    };
    await expect(exported({ encoding: 'windows-1250', delimiter: 'semicolon' })).rejects.toMatchObject({
      code: 'NOT_ENCODABLE',
      message: expect.stringContaining('R-1'),
    });
    const russian = (await t.http().get('/api/customers').query({ q: 'R-1' }).set(bearer(t.adminToken))).body.items[0];
    expect((await t.http().delete(`/api/customers/${russian.id}`).set(bearer(t.adminToken))).status).toBe(204);

    const bytes = await exported({ encoding: 'windows-1250', delimiter: 'semicolon' });
    const text = iconv.decode(bytes, 'windows-1250');
    expect(text.split('\n')[0]).toMatch(/^number;address_book;name;/);
    expect(text).toContain(';Dvořák Řehoř;');
    expect(bytes.includes(Buffer.from('Dvořák', 'utf8'))).toBe(false);

    const dir = await mkdtemp(join(tmpdir(), 'clientele-export-'));
    await writeFile(join(dir, 'spreadsheet.csv'), bytes);
    const readBack = await readableCsv(join(dir, 'spreadsheet.csv'));
    expect(readBack.format).toEqual({ encoding: 'windows-1250', delimiter: 'semicolon' });
    expect(parse(await readFile(readBack.path, 'utf8'))).toEqual(parse((await exported({})).toString('utf8')));
  });
});
