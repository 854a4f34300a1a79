import { DataSource } from 'typeorm';
import { bearer, startTestApp, type TestApp } from '../../../test/setup/harness.js';
import { contactsBasics, createCustomer, grant } from './helpers.js';

/**
 * A caller narrowed to a few address books finds names through the trigrams keyed by book
 * (migration 0004). These tests hold that path to the plain substring match: whatever
 * `name LIKE '%word%'` finds, the trigram candidates must contain.
 */
describe('name search keyed by address book', () => {
  let t: TestApp;
  let db: DataSource;
  let staff: string;
  const NAMES = [
    'Dvořák Jan',
    'Dvořáková Jana',
    'Nováková Eliška',
    'Иванов Пётр',
    'Алексеев Александр',
    "O'Brien Seán",
    'Kvazar Aqzax s.r.o.',
    'Müller-Lüdenscheidt GmbH',
    'Ťuťková-Žáčková Zuzana',
    'Sklep 24/7 a.s.',
    'Qxz Qqq',
    'Li Na',
  ];

  beforeAll(async () => {
    t = await startTestApp({ plugins: ['contacts'] });
    db = t.get(DataSource);
    const {
      addressBooks: [mine, other],
    } = await contactsBasics(t, ['Mine', 'Other']);
    for (const name of NAMES) await createCustomer(t, t.adminToken, { name, addressBookId: mine.id });
    for (const name of NAMES)
      await createCustomer(t, t.adminToken, { name: `${name} (other)`, addressBookId: other.id });
    const user = await t.user('book-staff@test.local');
    await grant(t, user.id, 'administrator', mine.id);
    staff = user.token;
  });
  afterAll(() => t?.close());

  const search = async (q: string, token: string) => {
    const res = await t.http().get('/api/customers').query({ q, limit: 100 }).set(bearer(token));
    expect(res.status).toBe(200);
    return (res.body.items as { name: string }[]).map((c) => c.name).sort();
  };

  it("finds every fragment of every name, as the plain substring match does, in the caller's book only", async () => {
    const [{ n }] = await db.query(
      `SELECT count(*)::int AS n FROM pg_indexes WHERE indexname = 'contacts_customers_name_grams'`,
    );
    expect(n).toBe(1);
    const fragments = new Set<string>();
    for (const name of NAMES) {
      const words = name.split(' ');
      for (const word of words) for (let i = 0; i + 3 <= word.length; i += 2) fragments.add(word.slice(i, i + 4));
      fragments.add(words.slice(0, 2).join(' '));
      fragments.add(`${words.at(-1)!.slice(0, 3)} ${words[0].slice(-3)}`);
    }
    for (const q of fragments) {
      const expected = NAMES.filter((name) => {
        const plain = name.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
        return q
          .normalize('NFD')
          .replace(/\p{M}/gu, '')
          .toLowerCase()
          .split(' ')
          .every((w) => plain.includes(w));
      });
      expect({ q, found: await search(q, staff) }).toEqual({ q, found: expected.sort() });
    }
  });

  it('keeps the trigrams of a word that appear wherever the word stands, and only those', async () => {
    // A word framed by the letters used to frame it ("aqza" ends in one and starts with another)
    // and a word with punctuation inside must not ask for trigrams the names lack.
    const rows: { pattern: string; name: string; ok: boolean }[] = await db.query(
      `SELECT p AS pattern, n AS name, contacts_name_grams(b, n) @> ARRAY(SELECT right(b::text, 8) || g FROM unnest(contacts_pattern_grams(ARRAY[p])) g) AS ok
         FROM (VALUES ('aqza', 'xaqzax'), ('zqxz', 'azqxza'), ('o''brie', 'mc o''brien'), ('24/7', 'sklep 24/7 as'), ('ванов', 'иванов петр'), ('ab', 'cabd')) AS v(p, n),
              (SELECT gen_random_uuid() AS b) book`,
    );
    expect(rows.filter((r) => !r.ok)).toEqual([]);
    const [{ grams }] = await db.query(`SELECT contacts_pattern_grams(ARRAY['aqza']) AS grams`);
    expect(grams.sort()).toEqual(['aqz', 'qza']);
  });

  it('finds by number prefix for a caller narrowed to a book', async () => {
    const res = await t.http().get('/api/customers').query({ q: 'Dvořáková' }).set(bearer(staff));
    const number: string = res.body.items[0].number;
    expect(await search(number.slice(0, -1), staff)).toEqual(expect.arrayContaining(['Dvořáková Jana']));
    expect(await search(number, staff)).toEqual(['Dvořáková Jana']);
  });
});
