import type { TestApp } from '../../../test/setup/harness.js';
import { addMember, grant, group, ok, send, startGroupsApp, world } from './groups-test-kit.js';
import { carry, item, priceList, priceOf, product } from './pricing-test-kit.js';

/** The whole catalogue is written as JSON by the statement that prices it; these hold it to the product's own answer. */
describe('the whole catalogue priced in one call', () => {
  let t: TestApp;
  let w: Awaited<ReturnType<typeof world>>;
  let customer: string;
  const codes = { individual: 'CAT-1', list: 'CAT-2', base: 'CAT-3', dated: 'CAT-4' };

  beforeAll(async () => {
    t = await startGroupsApp();
    w = await world(t);
    customer = await w.customer('Catalogue "Quoted" Customer', w.praha);
    const quirky = 'Šroub "M8" \\ 10 %s\ttab';
    const [own, listed] = [
      await product(t, codes.individual, '100', { name: quirky }),
      await product(t, codes.list, '200', { name: 'Matice <M8> & "spol."', unit: 'ks "bal."' }),
    ];
    await product(t, codes.base, '300.5');
    const dated = await product(t, codes.dated, '400');
    const g = await group(t, { code: 'CAT.Q', name: 'Group "quoted" \\ %s', priority: 3 });
    const list = await priceList(t, 'List "A" 100 %s');
    const datedList = await priceList(t, 'Dated', { validFrom: '2020-01-01', validTo: '2099-01-01' });
    await carry(t, g.id, list.id, 1);
    await carry(t, g.id, datedList.id, 2);
    await item(t, list.id, listed.id, '150.25');
    await item(t, list.id, listed.id, '140', '10');
    await item(t, list.id, own.id, '95');
    await item(t, datedList.id, dated.id, '390');
    await addMember(t, g.id, customer);
    await ok(t, t.adminToken, 'post', '/api/individual-prices', {
      customerId: customer,
      productId: own.id,
      price: '90',
      currency: 'EUR',
      validFrom: '2020-01-01',
    });
  });
  afterAll(() => t?.close());

  it("writes each entry as the product's own answer decides and explains its winner, quotes and backslashes in names included", async () => {
    for (const query of ['quantity=1', 'quantity=12', 'quantity=12&currency=CZK', 'quantity=1&date=2019-06-01']) {
      const all = await priceOf(t, customer, query);
      expect(all).toMatchObject({ customerId: customer, nextCursor: null });
      expect(all.items.map((i: any) => i.product.code)).toEqual(Object.values(codes).sort());
      for (const entry of all.items) {
        const own = await priceOf(t, customer, `${query}&product=${entry.product.id}`);
        const { reason, ...rule } = own.decidedBy;
        expect(entry).toEqual({
          product: own.product,
          price: own.price,
          currency: own.currency,
          decidedBy: { ...rule, reason: expect.any(String) },
        });
        // The product's own answer adds how many rules applied.
        expect(reason.startsWith(entry.decidedBy.reason)).toBe(true);
      }
      expect(new Set(all.items.map((i: any) => i.decidedBy.kind))).toEqual(
        new Set(/2019|CZK/.test(query) ? ['list', 'base'] : ['individual', 'list', 'base']),
      );
    }
    const listed = (await priceOf(t, customer, 'quantity=12')).items.find((i: any) => i.product.code === codes.list);
    expect(listed.decidedBy.reason).toBe('Price list "List "A" 100 %s" of group CAT.Q');
    expect(listed.product).toMatchObject({ name: 'Matice <M8> & "spol."', unit: 'ks "bal."' });
  });

  it('answers only the price and the deciding rule with why=false, for the catalogue and for one product', async () => {
    const full = await priceOf(t, customer, 'quantity=12');
    const lean = await priceOf(t, customer, 'quantity=12&why=false');
    expect(lean).toEqual({
      ...full,
      items: full.items.map((i: any) => ({
        product: i.product,
        price: i.price,
        currency: i.currency,
        decidedBy: { ruleId: i.decidedBy.ruleId, kind: i.decidedBy.kind },
      })),
    });
    const one = await priceOf(t, customer, `quantity=12&product=${codes.list}`);
    expect(await priceOf(t, customer, `quantity=12&product=${codes.list}&why=false`)).toEqual({
      customerId: customer,
      quantity: '12',
      date: one.date,
      product: one.product,
      price: '140.0000',
      currency: 'CZK',
      decidedBy: { ruleId: one.decidedBy.ruleId, kind: 'list' },
    });
    const paged: any[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await priceOf(t, customer, `quantity=12&why=false&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      paged.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    expect(paged).toEqual(lean.items);
    const bad = await send(t, t.adminToken, 'get', `/api/customers/${customer}/prices?why=maybe`);
    expect([bad.status, bad.body.details[0].field]).toEqual([400, 'why']);
  });

  it('asks the rights before the product: a customer the caller may not read is not there, whatever the product', async () => {
    const clerk = await t.user('catalogue.clerk@test.local');
    await grant(t, clerk.id, 'administrator', w.brno.id);
    for (const query of ['', '?product=NOPE', `?product=${codes.list}`, '?why=false']) {
      const res = await send(t, clerk.token, 'get', `/api/customers/${customer}/prices${query}`);
      expect([query, res.status]).toEqual([query, 404]);
    }
    const mine = await w.customer('Brno Catalogue', w.brno);
    const unknown = await send(t, clerk.token, 'get', `/api/customers/${mine}/prices?product=NOPE`);
    expect([unknown.status, unknown.body.details[0].field]).toEqual([400, 'product']);
    const all = await send(t, clerk.token, 'get', `/api/customers/${mine}/prices?why=false`);
    expect([all.status, all.headers['content-type'], all.body.items.length]).toEqual([
      200,
      'application/json; charset=utf-8',
      4,
    ]);
  });
});
