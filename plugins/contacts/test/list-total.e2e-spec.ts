import { DataSource } from 'typeorm';
import { EXACT_TOTAL_LIMIT, RequestContext } from '@clientele/core';
import { bearer, startTestApp, type TestApp } from '../../../test/setup/harness.js';
import { CustomerImportService } from '../import/customer-import.service.js';
import { contactsBasics, csvFolder, grant } from './helpers.js';

/** More customers than the exact count covers, in the one address book a staff user may read. */
describe('customer list total above the exact count', () => {
  let t: TestApp;
  let staff: string;
  const VISIBLE = EXACT_TOTAL_LIMIT + 600;

  async function importInto(bookId: string, prefix: string, count: number) {
    const { write } = await csvFolder('list-total');
    const path = await write(`${prefix}.csv`, [
      'name,legal_form',
      ...Array.from({ length: count }, (_, i) => `${prefix} Zákazník ${i + 1},${i % 4 ? 'person' : 'company'}`),
    ]);
    const summary = await t
      .get(CustomerImportService)
      .importFile(path, RequestContext.system(), { addressBookId: bookId });
    expect(summary).toMatchObject({ imported: count });
  }

  beforeAll(async () => {
    t = await startTestApp({ plugins: ['contacts'] });
    const {
      addressBooks: [visible, hidden],
    } = await contactsBasics(t, ['Visible', 'Hidden']);
    await importInto(visible.id, 'Visible', VISIBLE);
    await importInto(hidden.id, 'Hidden', 4 * VISIBLE);
    // Estimates rest on statistics; autovacuum gathers them a little after a write like this.
    await t.get(DataSource).query('ANALYZE contacts_customers, scope_nodes');
    const user = await t.user('staff@test.local');
    await grant(t, user.id, 'administrator', visible.id);
    staff = user.token;
  });
  afterAll(() => t?.close());

  const list = (query: Record<string, string>) =>
    t
      .http()
      .get('/api/customers')
      .query({ limit: '10', ...query })
      .set(bearer(staff));

  it('estimates from the address books the user reaches, not from a guess at the per-row check', async () => {
    const res = await list({});
    expect(res.status).toBe(200);
    expect(res.body.totalIsEstimate).toBe(true);
    // The planner alone guesses 1 % of the narrowed rows for the per-row check; the estimate must be near the truth.
    expect(res.body.total).toBeGreaterThan(VISIBLE * 0.9);
    expect(res.body.total).toBeLessThan(VISIBLE * 1.1);
  });

  it('keeps the list filters in the estimate', async () => {
    const people = (VISIBLE * 3) / 4;
    const res = await list({ 'filter[legalForm]': 'person' });
    expect(res.body.items.every((c: { legalForm: string }) => c.legalForm === 'person')).toBe(true);
    expect(res.body.totalIsEstimate).toBe(true);
    expect(res.body.total).toBeGreaterThan(people * 0.9);
    expect(res.body.total).toBeLessThan(people * 1.1);
  });

  it('counts exactly below the cap', async () => {
    // Names match by fragments: every visible customer whose number contains "12".
    const res = await list({ q: 'Visible Zákazník 12' });
    expect(res.body.totalIsEstimate).toBeUndefined();
    expect(res.body.total).toBe(
      Array.from({ length: VISIBLE }, (_, i) => String(i + 1)).filter((n) => n.includes('12')).length,
    );
  });

  it('pages by creation time through customers imported in one statement, each once', async () => {
    // An import batch shares one now(): the page's last row is named by microseconds JavaScript dates lack.
    const [{ shared }] = await t
      .get(DataSource)
      .query(
        `SELECT count(*)::int AS shared FROM contacts_customers WHERE name LIKE 'Visible %' GROUP BY created_at ORDER BY 1 DESC LIMIT 1`,
      );
    expect(shared).toBeGreaterThan(100);
    for (const direction of ['createdAt', '-createdAt']) {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const res = await list({ sort: direction, limit: '250', ...(cursor ? { cursor } : {}) });
        expect(res.status).toBe(200);
        seen.push(...res.body.items.map((c: { id: string }) => c.id));
        cursor = res.body.nextCursor ?? undefined;
      } while (cursor && seen.length <= VISIBLE);
      expect(seen).toHaveLength(VISIBLE);
      expect(new Set(seen).size).toBe(VISIBLE);
    }
  });

  describe('a search with more matches than the exact count covers', () => {
    const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    const expected = Array.from({ length: VISIBLE }, (_, i) => `Visible Zákazník ${i + 1}`).sort((a, b) =>
      byName(a.toLowerCase(), b.toLowerCase()),
    );
    const withSeven = expected.filter((name) => name.split(' ').at(-1)!.includes('7'));
    // Nodes switched off from above (as when a plugin disables a whole subtree) while the customer rows stay: only the access check can tell.
    const off = [expected[0], expected[2], withSeven[5]];

    beforeAll(async () => {
      await t
        .get(DataSource)
        .query(
          `UPDATE scope_nodes SET disabled_at = now() WHERE id IN (SELECT id FROM contacts_customers WHERE name = ANY($1))`,
          [off],
        );
    });

    it('pages in name order with the access check on every row shown, and estimates the total from the candidates', async () => {
      const seen: string[] = [];
      let cursor: string | undefined;
      let first: any;
      do {
        const res = await list({ q: 'visible zakaznik', limit: '400', ...(cursor ? { cursor } : {}) });
        expect(res.status).toBe(200);
        first ??= res.body;
        seen.push(...res.body.items.map((c: { name: string }) => c.name));
        cursor = res.body.nextCursor ?? undefined;
      } while (cursor);
      expect(seen).toEqual(expected.filter((name) => !off.includes(name)));
      expect(first.totalIsEstimate).toBe(true);
      expect(first.total).toBe(VISIBLE);
    });

    it('pages a search sorted another way, with a filter', async () => {
      const seen: { number: string; legalForm: string; name: string }[] = [];
      let cursor: string | undefined;
      do {
        const res = await list({
          q: 'visible zakaznik',
          sort: '-number',
          'filter[legalForm]': 'company',
          limit: '150',
          ...(cursor ? { cursor } : {}),
        });
        expect(res.status).toBe(200);
        seen.push(...res.body.items);
        cursor = res.body.nextCursor ?? undefined;
      } while (cursor);
      const numbers = seen.map((c) => c.number);
      expect(numbers).toEqual([...numbers].sort().reverse());
      expect(new Set(numbers).size).toBe(numbers.length);
      expect(seen.every((c) => c.legalForm === 'company')).toBe(true);
      // Every fourth line of the file is a company (i % 4 === 0), less the nodes switched off.
      const companies = Array.from({ length: VISIBLE }, (_, i) => i)
        .filter((i) => i % 4 === 0)
        .map((i) => `Visible Zákazník ${i + 1}`);
      expect(seen.map((c) => c.name).sort()).toEqual(companies.filter((name) => !off.includes(name)).sort());
    });

    it('counts exactly, under the check, below the cap', async () => {
      const res = await list({ q: 'Visible Zákazník 7', limit: '100' });
      expect(res.body.totalIsEstimate).toBeUndefined();
      expect(res.body.total).toBe(withSeven.length - 1);
      expect(res.body.items.map((c: { name: string }) => c.name)).toEqual(
        withSeven.filter((name) => name !== off[2]).slice(0, 100),
      );
    });

    it('fills the page when the check refuses more of the first candidates than it looks at first', async () => {
      const refused = expected.slice(0, 60);
      await t
        .get(DataSource)
        .query(
          `UPDATE scope_nodes SET disabled_at = now() WHERE id IN (SELECT id FROM contacts_customers WHERE name = ANY($1))`,
          [refused],
        );
      const res = await list({ q: 'visible zakaznik', limit: '10' });
      expect(res.body.items.map((c: { name: string }) => c.name)).toEqual(
        expected
          .slice(60)
          .filter((name) => !off.includes(name))
          .slice(0, 10),
      );
      expect(res.body.nextCursor).toBeTruthy();
    });
  });
});
