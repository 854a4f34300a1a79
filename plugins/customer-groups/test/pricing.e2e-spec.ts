import type { TestApp } from '../../../test/setup/harness.js';
import { addMember, day, grant, group, ok, send, startGroupsApp, world } from './groups-test-kit.js';
import { carry, item, priceList, priceOf, product } from './pricing-test-kit.js';

describe('prices and why', () => {
  let t: TestApp;
  let w: Awaited<ReturnType<typeof world>>;

  beforeAll(async () => {
    t = await startGroupsApp();
    w = await world(t);
  });
  afterAll(() => t?.close());

  it('answers the base price when no rule applies, and says so', async () => {
    const p = await product(t, 'BASE-1', '250');
    const c = await w.customer('Base Customer', w.praha);
    const answer = await priceOf(t, c, `product=${p.code}`);
    expect(answer).toMatchObject({
      price: '250.0000',
      currency: 'CZK',
      quantity: '1',
      decidedBy: { kind: 'base', ruleId: null },
      candidates: [],
    });
    expect(answer.decidedBy.reason).toMatch(/base price/i);
  });

  it('ranks an individual price over every group list, then groups by priority, then list order, and explains each loser', async () => {
    const p = await product(t, 'RANK-1', '100');
    const vip = await group(t, { code: 'RANK-VIP', priority: 1 });
    const reseller = await group(t, { code: 'RANK-RES', priority: 5 });
    const [vipFirst, vipSecond, resList] = [
      await priceList(t, 'VIP first'),
      await priceList(t, 'VIP second'),
      await priceList(t, 'Reseller'),
    ];
    await carry(t, vip.id, vipFirst.id, 1);
    await carry(t, vip.id, vipSecond.id, 2);
    await carry(t, reseller.id, resList.id, 1);
    const second = await item(t, vipSecond.id, p.id, '70');
    const res = await item(t, resList.id, p.id, '60');
    const c = await w.customer('Ranked Customer', w.praha);
    await addMember(t, vip.id, c);
    await addMember(t, reseller.id, c);

    const byPriority = await priceOf(t, c, `product=${p.id}`);
    expect(byPriority).toMatchObject({
      price: '70.0000',
      decidedBy: {
        kind: 'list',
        ruleId: second.id,
        group: { code: 'RANK-VIP' },
        priceList: { name: 'VIP second', position: 2 },
      },
    });
    expect(byPriority.candidates.find((x: any) => x.ruleId === res.id).lostBecause.code).toBe('HIGHER_GROUP_PRIORITY');
    expect(byPriority.candidates.find((x: any) => x.kind === 'base').lostBecause.code).toBe('A_RULE_APPLIES');

    const first = await item(t, vipFirst.id, p.id, '80');
    const byOrder = await priceOf(t, c, `product=${p.id}`);
    expect(byOrder.decidedBy.ruleId).toBe(first.id);
    expect(byOrder.candidates.find((x: any) => x.ruleId === second.id).lostBecause.code).toBe('EARLIER_IN_LIST_ORDER');

    const own = await ok(t, t.adminToken, 'post', '/api/individual-prices', {
      customerId: c,
      productId: p.id,
      price: '90',
      currency: 'CZK',
    });
    const individual = await priceOf(t, c, `product=${p.id}`);
    expect(individual).toMatchObject({ price: '90.0000', decidedBy: { kind: 'individual', ruleId: own.id } });
    expect(individual.candidates.filter((x: any) => x.kind === 'list').map((x: any) => x.lostBecause.code)).toEqual([
      'INDIVIDUAL_PRICE_FIRST',
      'INDIVIDUAL_PRICE_FIRST',
      'INDIVIDUAL_PRICE_FIRST',
    ]);
  });

  it('takes the larger minimum quantity not above the quantity', async () => {
    const p = await product(t, 'QTY-1', '100');
    const g = await group(t, { code: 'QTY', priority: 40 });
    const list = await priceList(t, 'Volume');
    await carry(t, g.id, list.id, 1);
    const any = await item(t, list.id, p.id, '95');
    const ten = await item(t, list.id, p.id, '90', '10');
    const hundred = await item(t, list.id, p.id, '80', '100');
    const c = await w.customer('Volume Customer', w.praha);
    await addMember(t, g.id, c);

    expect((await priceOf(t, c, `product=${p.id}&quantity=9`)).decidedBy.ruleId).toBe(any.id);
    const atTen = await priceOf(t, c, `product=${p.id}&quantity=10`);
    expect(atTen.decidedBy.ruleId).toBe(ten.id);
    expect(atTen.candidates.find((x: any) => x.ruleId === any.id).lostBecause.code).toBe('LARGER_MINIMUM_QUANTITY');
    expect(atTen.candidates.find((x: any) => x.ruleId === hundred.id).lostBecause.code).toBe('BELOW_MINIMUM_QUANTITY');
    expect((await priceOf(t, c, `product=${p.id}&quantity=150.5`)).decidedBy.ruleId).toBe(hundred.id);
  });

  it("applies a list through its last day and not on its end date (half-open, the operator's days)", async () => {
    const p = await product(t, 'DAYS-1', '100');
    const g = await group(t, { code: 'DAYS', priority: 41 });
    const list = await priceList(t, 'November', { validFrom: '2026-11-01', validTo: '2026-12-01' });
    await carry(t, g.id, list.id, 1);
    const rule = await item(t, list.id, p.id, '50');
    const c = await w.customer('Dated Customer', w.praha);
    await addMember(t, g.id, c);

    expect((await priceOf(t, c, `product=${p.id}&date=2026-11-01`)).decidedBy.ruleId).toBe(rule.id);
    expect((await priceOf(t, c, `product=${p.id}&date=2026-11-30`)).decidedBy.ruleId).toBe(rule.id);
    const after = await priceOf(t, c, `product=${p.id}&date=2026-12-01`);
    expect(after.decidedBy.kind).toBe('base');
    expect(after.candidates[0]).toMatchObject({ ruleId: rule.id, lostBecause: { code: 'NOT_VALID_ON_DATE' } });
    expect((await priceOf(t, c, `product=${p.id}&date=2026-10-31`)).decidedBy.kind).toBe('base');
  });

  it('prices by the groups a customer is in on the day asked: a membership starting tomorrow counts from tomorrow', async () => {
    const p = await product(t, 'SOON-1', '100');
    const g = await group(t, { code: 'SOON', priority: 42 });
    const list = await priceList(t, 'Soon');
    await carry(t, g.id, list.id, 1);
    const rule = await item(t, list.id, p.id, '10');
    const c = await w.customer('Future Member', w.praha);
    await addMember(t, g.id, c, { validFrom: day(1) });
    expect((await priceOf(t, c, `product=${p.id}`)).decidedBy.kind).toBe('base');
    expect((await priceOf(t, c, `product=${p.id}&date=${day(1)}`)).decidedBy.ruleId).toBe(rule.id);
  });

  describe('two rules that would tie are refused when saved', () => {
    it('refuses a second group of the same priority carrying a different price at the same position (409 naming the clash)', async () => {
      const p = await product(t, 'TIE-1', '100');
      const a = await group(t, { code: 'TIE-A', priority: 50 });
      const b = await group(t, { code: 'TIE-B', priority: 50 });
      const listA = await priceList(t, 'Tie A', { validFrom: '2026-01-01', validTo: '2026-07-01' });
      const listB = await priceList(t, 'Tie B', { validFrom: '2026-06-01' });
      await item(t, listA.id, p.id, '10');
      await item(t, listB.id, p.id, '20');
      await carry(t, a.id, listA.id, 1);
      const clash = await send(t, t.adminToken, 'post', '/api/customer-group-price-lists', {
        groupId: b.id,
        priceListId: listB.id,
        position: 1,
      });
      expect(clash.status).toBe(409);
      expect(clash.body.code).toBe('PRICE_RULE_TIE');
      expect(clash.body.message).toContain('TIE-1');
      expect(clash.body.message).toContain('Tie A');
      expect(clash.body.clash).toMatchObject({
        productCode: 'TIE-1',
        rule: { priceListId: listB.id, price: '20.0000' },
        with: { priceListId: listA.id, price: '10.0000' },
      });
      // Nothing of the refused change was kept.
      expect((await ok(t, t.adminToken, 'get', `/api/customer-groups/${b.id}/price-lists`)).total).toBe(0);

      // Not a tie: another position, days that do not overlap, another minimum quantity, or the same price.
      await carry(t, b.id, listB.id, 2);
      const movedDays = await ok(t, t.adminToken, 'patch', `/api/price-lists/${listA.id}`, {
        version: listA.version,
        validTo: '2026-06-01',
      });
      expect(movedDays.validTo).toBe('2026-06-01');
    });

    it('refuses a change of priority or days that would create a tie, and keeps the old values', async () => {
      const p = await product(t, 'TIE-2', '100');
      const a = await group(t, { code: 'TIE-C', priority: 60 });
      const b = await group(t, { code: 'TIE-D', priority: 61 });
      const [listA, listB] = [await priceList(t, 'Tie C'), await priceList(t, 'Tie D')];
      await item(t, listA.id, p.id, '10', '5');
      await item(t, listB.id, p.id, '11', '5');
      await carry(t, a.id, listA.id, 1);
      await carry(t, b.id, listB.id, 1);
      const reprioritised = await send(t, t.adminToken, 'patch', `/api/customer-groups/${b.id}`, {
        version: b.version,
        priority: 60,
      });
      expect(reprioritised.status).toBe(409);
      expect(reprioritised.body.code).toBe('PRICE_RULE_TIE');
      expect((await ok(t, t.adminToken, 'get', `/api/customer-groups/${b.id}`)).priority).toBe(61);
    });

    it('refuses two individual prices of a product on overlapping days at the same minimum quantity', async () => {
      const p = await product(t, 'TIE-3', '100');
      const c = await w.customer('Individual Tie', w.praha);
      await ok(t, t.adminToken, 'post', '/api/individual-prices', {
        customerId: c,
        productId: p.id,
        price: '50',
        currency: 'CZK',
        validTo: '2026-12-01',
      });
      const tie = await send(t, t.adminToken, 'post', '/api/individual-prices', {
        customerId: c,
        productId: p.id,
        price: '40',
        currency: 'CZK',
        validFrom: '2026-11-30',
      });
      expect(tie.status).toBe(409);
      expect(tie.body.code).toBe('PRICE_RULE_TIE');
      await ok(t, t.adminToken, 'post', '/api/individual-prices', {
        customerId: c,
        productId: p.id,
        price: '40',
        currency: 'CZK',
        validFrom: '2026-12-01',
      });
    });
  });

  it('prices the whole catalogue in one call, each product as its own answer decides it', async () => {
    const c = await w.customer('Catalogue Customer', w.praha);
    const groups = await ok(t, t.adminToken, 'get', '/api/customer-groups?limit=500');
    for (const code of ['RANK-VIP', 'RANK-RES', 'QTY', 'DAYS'])
      await addMember(t, groups.items.find((g: any) => g.code === code).id, c);
    const products = await ok(t, t.adminToken, 'get', '/api/products?limit=500');
    for (const query of ['quantity=12', 'quantity=1&date=2026-11-15', 'quantity=150']) {
      const all = await priceOf(t, c, query);
      expect(all.items.map((i: any) => i.product.code)).toEqual(products.items.map((p: any) => p.code));
      for (const entry of all.items) {
        const own = await priceOf(t, c, `${query}&product=${entry.product.id}`);
        expect([entry.product.code, entry.price, entry.decidedBy.ruleId, entry.decidedBy.group?.id]).toEqual([
          entry.product.code,
          own.price,
          own.decidedBy.ruleId,
          own.decidedBy.group?.id,
        ]);
      }
      expect(all.items.some((i: any) => i.decidedBy.kind === 'list')).toBe(true);
    }
    // Or page by page, as a list: the pages make the whole.
    const whole = await priceOf(t, c, 'quantity=12');
    const paged: any[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await priceOf(t, c, `quantity=12&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      paged.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    expect(paged).toEqual(whole.items);
    expect((await send(t, t.adminToken, 'get', `/api/customers/${c}/prices?cursor=nonsense`)).status).toBe(400);
  });

  it('keeps a quoted price and its rule when the list changes afterwards', async () => {
    const p = await product(t, 'QUOTE-1', '100');
    const g = await group(t, { code: 'QUOTE', priority: 70 });
    const list = await priceList(t, 'Quoted');
    await carry(t, g.id, list.id, 1);
    const rule = await item(t, list.id, p.id, '77');
    const c = await w.customer('Quoted Customer', w.praha);
    await addMember(t, g.id, c);
    const quote = await ok(t, t.adminToken, 'post', `/api/customers/${c}/quotes`, { product: p.code, quantity: '3' });
    expect(quote).toMatchObject({
      unitPrice: '77.0000',
      ruleKind: 'list',
      ruleId: rule.id,
      priceListId: list.id,
      groupId: g.id,
    });
    await ok(t, t.adminToken, 'patch', `/api/price-list-items/${rule.id}`, { version: rule.version, price: '99' });
    expect((await priceOf(t, c, `product=${p.id}`)).price).toBe('99.0000');
    expect(await ok(t, t.adminToken, 'get', `/api/customers/${c}/quotes/${quote.id}`)).toMatchObject({
      unitPrice: '77.0000',
      ruleId: rule.id,
    });
    const itemHistory = await ok(t, t.adminToken, 'get', `/api/price-list-items/${rule.id}/history`);
    expect(itemHistory.items[0].changes.price).toEqual({ before: '77.0000', after: '99' });
  });

  it('answers bad questions with 400 naming the parameter, never a 500', async () => {
    const c = await w.customer('Asked Badly', w.praha);
    for (const [query, field] of [
      ['product=NOPE', 'product'],
      ['quantity=-1', 'quantity'],
      ['quantity=abc', 'quantity'],
      ['date=2026-13-01', 'date'],
      ['currency=czk', 'currency'],
    ]) {
      const res = await send(t, t.adminToken, 'get', `/api/customers/${c}/prices?${query}`);
      expect(res.status).toBe(400);
      expect(res.body.details[0].field).toBe(field);
    }
  });

  it('shows prices only to those who may read the customer', async () => {
    const p = await product(t, 'SECRET-1', '100');
    const hidden = await w.customer('Brno Secret', w.brno);
    const clerk = await t.user('price.clerk@test.local');
    await grant(t, clerk.id, 'administrator', w.praha.id);
    expect((await send(t, clerk.token, 'get', `/api/customers/${hidden}/prices?product=${p.id}`)).status).toBe(404);
    const mine = await w.customer('Praha Visible', w.praha);
    expect((await send(t, clerk.token, 'get', `/api/customers/${mine}/prices?product=${p.id}`)).status).toBe(200);
    expect(
      (
        await send(t, clerk.token, 'post', '/api/individual-prices', {
          customerId: mine,
          productId: p.id,
          price: '1',
          currency: 'CZK',
        })
      ).status,
    ).toBe(403);
  });
});
