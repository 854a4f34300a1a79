import { DataSource } from 'typeorm';
import { startTestApp, type TestApp } from '../../../test/setup/harness.js';

/**
 * `contacts_search_terms` (migration 0006) fills the customers' `search_terms` column: the
 * identifiers a search term may equal. The set is the contract; the order is not.
 */
describe('search terms of a customer', () => {
  let t: TestApp;
  let db: DataSource;

  beforeAll(async () => {
    t = await startTestApp({ plugins: ['contacts'] });
    db = t.get(DataSource);
  });
  afterAll(() => t?.close());

  const terms = async (emails: (string | null)[] | null, phones: (string | null)[] | null, taxIds: unknown) => {
    const [{ terms }] = await db.query(`SELECT contacts_search_terms($1::text[], $2::text[], $3::jsonb) AS terms`, [
      emails,
      phones,
      taxIds === null ? null : JSON.stringify(taxIds),
    ]);
    return (terms as string[]).sort();
  };

  it('keeps e-mails in lower case, phones as stored and tax IDs upper case without separators, each once', async () => {
    expect(
      await terms(
        ['Jan.Novak@Example.CZ', null, 'jan.novak@example.cz', ''],
        ['+420602123456', null, '+420602123456'],
        [
          { type: 'vat', value: 'cz 2560-4417' },
          { type: 'ico', value: '25604417' },
          { type: 'inn', value: '' },
        ],
      ),
    ).toEqual(['+420602123456', '25604417', 'CZ25604417', 'jan.novak@example.cz']);
  });

  it('gives an empty set for a customer without identifiers', async () => {
    expect(await terms([null, null], [null], [])).toEqual([]);
    expect(await terms(null, null, null)).toEqual([]);
  });
});
