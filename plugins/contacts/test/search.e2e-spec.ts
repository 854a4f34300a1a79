import { RequestContext } from '@clientele/core';
import { bearer, startTestApp, type TestApp } from '../../../test/setup/harness.js';
import { ContactsDemoData } from '../demo-data.js';
import { CustomerImportService } from '../import/customer-import.service.js';
import { contactsBasics, createCustomer, csvFolder, grant } from './helpers.js';

describe('customer search and paging', () => {
  let t: TestApp;
  let basics: Awaited<ReturnType<typeof contactsBasics>>;
  beforeAll(async () => {
    t = await startTestApp({ plugins: ['contacts'] });
    basics = await contactsBasics(t, ['Visible', 'Hidden']);
    const [visible, hidden] = basics.addressBooks;
    await createCustomer(t, t.adminToken, {
      name: 'Dvořák Jan',
      addressBookId: visible.id,
      phone: '+420 601 123 456',
      email: 'jan@dvorak.cz',
      taxIds: [{ type: 'ico', value: '25596641' }],
    });
    await createCustomer(t, t.adminToken, { name: 'Nováková Eliška', addressBookId: visible.id });
    await createCustomer(t, t.adminToken, { name: 'Иванов Пётр', addressBookId: visible.id });
    for (let i = 0; i < 12; i++) {
      await createCustomer(t, t.adminToken, {
        name: `Zákazník ${String(i).padStart(2, '0')}`,
        addressBookId: i % 2 ? visible.id : hidden.id,
      });
    }
  });
  afterAll(() => t?.close());

  const search = (q: string, token = t.adminToken) => t.http().get('/api/customers').query({ q }).set(bearer(token));
  const names = (res: any) => res.body.items.map((c: any) => c.name);

  it('finds names without diacritics, in any case, by fragments and despite a typo', async () => {
    expect(names(await search('dvorak'))).toEqual(['Dvořák Jan']);
    expect(names(await search('JAN DVOR'))).toEqual(['Dvořák Jan']);
    expect(names(await search('novakova eli'))).toEqual(['Nováková Eliška']);
    expect(names(await search('иванов'))).toEqual(['Иванов Пётр']);
    const typo = await search('dvorzak');
    expect(names(typo)).toEqual(['Dvořák Jan']);
    expect(typo.body.fuzzy).toBe(true);
  });

  it('finds by number, e-mail, phone in another format and tax ID', async () => {
    expect(names(await search('000001'))).toEqual(['Dvořák Jan']);
    expect(names(await search('JAN@DVORAK.CZ'))).toEqual(['Dvořák Jan']);
    expect(names(await search('00420 601-123-456'))).toEqual(['Dvořák Jan']);
    expect(names(await search('601123456'))).toEqual(['Dvořák Jan']);
    expect(names(await search('255 966 41'))).toEqual(['Dvořák Jan']);
  });

  it('pages by keyset under access restriction without gaps or repeats', async () => {
    const user = await t.user('pager@test.local');
    await grant(t, user.id, 'administrator', basics.addressBooks[0].id);
    const seen: string[] = [];
    let cursor: string | undefined;
    let total: number | undefined;
    do {
      const res = await t
        .http()
        .get('/api/customers')
        .query({ q: 'zakaznik', limit: 2, ...(cursor ? { cursor } : {}) })
        .set(bearer(user.token));
      expect(res.status).toBe(200);
      seen.push(...names(res));
      total = res.body.total;
      cursor = res.body.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(['Zákazník 01', 'Zákazník 03', 'Zákazník 05', 'Zákazník 07', 'Zákazník 09', 'Zákazník 11']);
    expect(total).toBe(6);
    const byNumber = await t.http().get('/api/customers').query({ sort: '-number', limit: 3 }).set(bearer(user.token));
    expect(byNumber.body.items.map((c: any) => c.number)).toEqual(
      [...byNumber.body.items.map((c: any) => c.number)].sort().reverse(),
    );
    expect(byNumber.body.total).toBe(9);
  });

  it('narrows by address book and still finds customers granted one by one, also in the typo fallback', async () => {
    const [visible, hidden] = basics.addressBooks;
    const user = await t.user('mixed@test.local');
    await grant(t, user.id, 'administrator', visible.id);
    const single = await createCustomer(t, t.adminToken, { name: 'Šimek Ondřej', addressBookId: hidden.id });
    await createCustomer(t, t.adminToken, { name: 'Šimková Hana', addressBookId: hidden.id });
    expect(names(await search('sim', user.token))).toEqual([]);
    await grant(t, user.id, 'administrator', single.id);
    expect(names(await search('sim', user.token))).toEqual(['Šimek Ondřej']);
    const typo = await search('simeck', user.token);
    expect({ names: names(typo), fuzzy: typo.body.fuzzy }).toEqual({ names: ['Šimek Ondřej'], fuzzy: true });
    const all = await t.http().get('/api/customers').query({ limit: 100 }).set(bearer(user.token));
    expect(all.body.total).toBe(10);
    expect(names(all)).toContain('Šimek Ondřej');
    expect(names(all)).not.toContain('Šimková Hana');
  });

  it('corrects a typo word by word, from the words of created, imported and renamed names', async () => {
    const [visible] = basics.addressBooks;
    const { write } = await csvFolder('search-words');
    await t
      .get(CustomerImportService)
      .importFile(await write('words.csv', ['name', 'Procházková Květoslava']), RequestContext.system(), {
        addressBookId: visible.id,
      });
    const imported = await search('kvetoslva prochazkova');
    expect({ names: names(imported), total: imported.body.total, fuzzy: imported.body.fuzzy }).toEqual({
      names: ['Procházková Květoslava'],
      total: 1,
      fuzzy: true,
    });
    // Every typed word must resemble a word of the name.
    expect((await search('prochazkova qqqqqq')).body.items).toEqual([]);

    const renamed = await createCustomer(t, t.adminToken, { name: 'Kratochvíl Bohumil', addressBookId: visible.id });
    const patched = await t
      .http()
      .patch(`/api/customers/${renamed.id}`)
      .set(bearer(t.adminToken))
      .send({ version: renamed.version, name: 'Vondráček Radim' });
    expect(patched.status).toBe(200);
    expect(names(await search('vondracek radm'))).toEqual(['Vondráček Radim']);
    expect((await search('kratochvil bohumla')).body.items).toEqual([]);
    // Words every one of which some name has, but no name all of them: the fallback runs after the search, and finds none either.
    const apart = await search('prochazkova radim');
    expect({ items: apart.body.items, fuzzy: apart.body.fuzzy }).toEqual({ items: [], fuzzy: true });
  });

  it('answers odd queries, typo fallback included, without an error', async () => {
    const user = await t.user('odd@test.local');
    await grant(t, user.id, 'administrator', basics.addressBooks[0].id);
    const odd = [
      '%',
      '%%%',
      '_a_',
      '\\',
      'dvo\\',
      "o'neil",
      'x'.repeat(200),
      'a b c d e f g h',
      'ивонов',
      'žž',
      '@@@',
      'dvorzak %',
      'novakova_eli',
    ];
    for (const token of [t.adminToken, user.token]) {
      for (const q of odd) {
        const res = await search(q, token);
        expect({ q, status: res.status }).toEqual({ q, status: 200 });
        expect(Array.isArray(res.body.items)).toBe(true);
      }
    }
    expect(names(await search('иваноф', user.token))).toEqual(['Иванов Пётр']);
  });

  it('refuses unknown filters and sorts with 400', async () => {
    const res = await t.http().get('/api/customers').query({ 'filter[shoeSize]': '44' }).set(bearer(t.adminToken));
    expect(res.status).toBe(400);
    const sort = await t.http().get('/api/customers').query({ sort: 'shoeSize' }).set(bearer(t.adminToken));
    expect(sort.status).toBe(400);
  });

  it('seeds demo data with customer users holding each built-in role', async () => {
    const signIns = await t.get(ContactsDemoData).seed();
    const passwordOf = (email: string) =>
      signIns
        .find((line) => line.startsWith(`${email} / `))!
        .split(' / ')[1]
        .split(' ')[0];
    const token = await t.login('customer.caller@clientele.local', passwordOf('customer.caller@clientele.local'));
    expect((await t.http().get('/api/me').set(bearer(token))).status).toBe(200);
    const adminToken = await t.login('customer.admin@clientele.local', passwordOf('customer.admin@clientele.local'));
    const landing = await t.http().get('/api/me/landing').set(bearer(adminToken));
    expect(landing.body.kind).toBe('customer');
    expect((await t.http().get(`/api/customers/${landing.body.id}`).set(bearer(adminToken))).body.name).toBe(
      'Dvořák Jan',
    );
  });
});
