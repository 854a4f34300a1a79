import { bearer, startTestApp, type TestApp } from '../../../test/setup/harness.js';
import { addMember, group } from '../../customer-groups/test/groups-test-kit.js';
import { carry, item, priceList, product } from '../../customer-groups/test/pricing-test-kit.js';
import { billingGroup, contactsReady, customer, issue, startBillingApp } from './billing-test-kit.js';

const issueRefused = async (t: TestApp, body: Record<string, unknown>) => {
  const res = await t.http().post('/api/invoices').set(bearer(t.adminToken)).send(body);
  expect(res.status).toBe(400);
  return res.body.details as { field: string; code: string }[];
};

describe('invoice lines priced by customer groups, while that plugin is enabled', () => {
  let t: TestApp;
  let vipCustomer: string;
  let plainCustomer: string;
  let internet: { id: string; code: string };

  beforeAll(async () => {
    t = await startTestApp({
      plugins: ['contacts', 'customer-groups', 'billing-groups'],
      settings: { 'customer-groups': { timeZone: 'UTC' } },
    });
    await contactsReady(t);
    await billingGroup(t, { name: 'Síť Šumperk s.r.o.', ibans: ['CZ6508000000192000145399'] });
    vipCustomer = (await customer(t, 'Dvořák Jiří')).id;
    plainCustomer = (await customer(t, 'Novák Petr')).id;
    internet = await product(t, 'NET-100', '100', { name: 'Internet 100 Mbit/s' });
    const vip = await group(t, { code: 'VIP', priority: 1 });
    const spring = await priceList(t, 'Spring offer', { validFrom: '2026-03-01', validTo: '2026-03-31' });
    await carry(t, vip.id, spring.id, 1);
    await item(t, spring.id, internet.id, '80.505');
    await addMember(t, vip.id, vipCustomer, { validFrom: '2026-01-01' });
  });
  afterAll(() => t?.close());

  it("prices a line that names a product at the customer's price on the issue date, and records the rule that decided it", async () => {
    const invoice = await issue(t, {
      customerId: vipCustomer,
      issuedOn: '2026-03-15',
      lines: [{ productCode: 'NET-100', quantity: 3 }],
    });
    expect(invoice.lines).toEqual([
      {
        description: 'Internet 100 Mbit/s',
        quantity: 3,
        unitPriceMinor: 8051,
        totalMinor: 24153,
        productCode: 'NET-100',
        priceRule: expect.objectContaining({
          kind: 'list',
          price: '80.5050',
          pricedOn: '2026-03-15',
          group: expect.objectContaining({ code: 'VIP' }),
          priceList: expect.objectContaining({ name: 'Spring offer' }),
        }),
      },
    ]);
    expect(invoice.lines[0].priceRule.reason).toContain('Spring offer');
    expect(invoice.totalMinor).toBe(24153);
  });

  it("takes the price that holds on the issue date: after the group's offer ends, the base price", async () => {
    const invoice = await issue(t, {
      customerId: vipCustomer,
      issuedOn: '2026-04-15',
      lines: [{ productCode: 'NET-100', quantity: 1, description: 'Internet, April' }],
    });
    expect(invoice.lines[0]).toMatchObject({
      description: 'Internet, April',
      unitPriceMinor: 10000,
      priceRule: { kind: 'base', ruleId: null, pricedOn: '2026-04-15' },
    });
  });

  it('prices each customer by its own groups', async () => {
    const invoice = await issue(t, {
      customerId: plainCustomer,
      issuedOn: '2026-03-15',
      lines: [{ productCode: 'NET-100', quantity: 1 }],
    });
    expect(invoice.lines[0]).toMatchObject({ unitPriceMinor: 10000, priceRule: { kind: 'base' } });
  });

  it("keeps an explicit price over the product's, with no rule recorded", async () => {
    const invoice = await issue(t, {
      customerId: vipCustomer,
      issuedOn: '2026-03-15',
      lines: [
        { productCode: 'NET-100', quantity: 2, unitPriceMinor: 5000 },
        { description: 'Installation', quantity: 1, unitPriceMinor: 150000 },
      ],
    });
    expect(invoice.lines).toEqual([
      { description: 'NET-100', quantity: 2, unitPriceMinor: 5000, totalMinor: 10000, productCode: 'NET-100' },
      { description: 'Installation', quantity: 1, unitPriceMinor: 150000, totalMinor: 150000 },
    ]);
    expect(invoice.totalMinor).toBe(160000);
  });

  it('refuses an unknown product, or one the customer is priced for only in another currency, naming the line', async () => {
    expect(
      await issueRefused(t, { customerId: vipCustomer, lines: [{ productCode: 'NO-SUCH', quantity: 1 }] }),
    ).toEqual([expect.objectContaining({ field: 'lines.0.productCode', code: 'UNKNOWN_PRODUCT' })]);
    await product(t, 'EUR-1', '10', { currency: 'EUR' });
    const details = await issueRefused(t, {
      customerId: vipCustomer,
      lines: [
        { description: 'Setup', quantity: 1, unitPriceMinor: 100 },
        { productCode: 'EUR-1', quantity: 1 },
      ],
    });
    expect(details).toEqual([
      expect.objectContaining({ field: 'lines.1.productCode', code: 'PRICE_IN_OTHER_CURRENCY' }),
    ]);
  });

  it('refuses a line with neither a price nor a product, and one with neither a description nor a product', async () => {
    expect(await issueRefused(t, { customerId: vipCustomer, lines: [{ description: 'Setup', quantity: 1 }] })).toEqual([
      expect.objectContaining({ field: 'lines.0.unitPriceMinor' }),
    ]);
    expect(await issueRefused(t, { customerId: vipCustomer, lines: [{ quantity: 1, unitPriceMinor: 100 }] })).toEqual([
      expect.objectContaining({ field: 'lines.0.description' }),
    ]);
  });

  it('takes no number from the series for a refused invoice', async () => {
    const before = await issue(t, { customerId: vipCustomer, lines: [{ productCode: 'NET-100', quantity: 1 }] });
    await issueRefused(t, { customerId: vipCustomer, lines: [{ productCode: 'NO-SUCH', quantity: 1 }] });
    const after = await issue(t, { customerId: vipCustomer, lines: [{ productCode: 'NET-100', quantity: 1 }] });
    expect(Number(after.number)).toBe(Number(before.number) + 1);
  });
});

describe('invoice lines while customer groups is disabled', () => {
  let t: TestApp;
  let customerId: string;

  beforeAll(async () => {
    t = await startBillingApp();
    await contactsReady(t);
    await billingGroup(t, { name: 'Síť Šumperk s.r.o.', ibans: ['CZ6508000000192000145399'] });
    customerId = (await customer(t, 'Dvořák Jiří')).id;
  });
  afterAll(() => t?.close());

  it('refuses a line that names a product without a price: it must carry its price', async () => {
    expect(await issueRefused(t, { customerId, lines: [{ productCode: 'NET-100', quantity: 1 }] })).toEqual([
      expect.objectContaining({ field: 'lines.0.unitPriceMinor', code: 'PRICE_REQUIRED' }),
    ]);
  });

  it('issues a line with a product code and its price as given', async () => {
    const invoice = await issue(t, {
      customerId,
      lines: [{ productCode: 'NET-100', description: 'Internet', quantity: 2, unitPriceMinor: 60000 }],
    });
    expect(invoice.lines).toEqual([
      { description: 'Internet', quantity: 2, unitPriceMinor: 60000, totalMinor: 120000, productCode: 'NET-100' },
    ]);
  });
});
