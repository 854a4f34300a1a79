import { OptionalPorts } from '@clientele/core';
import { startTestApp, type TestApp } from '../../../test/setup/harness.js';
import { CUSTOMER_GROUP_TERMS, type CustomerGroupTermsPort } from '../../helpdesk/index.js';
import { CUSTOMER_PRICES, type CustomerPrices } from '../../billing-groups/index.js';
import { CustomerGroupTerms } from '../group-terms.js';
import { InvoicePrices } from '../invoice-prices.js';

describe('the ports customer groups provides to the helpdesk and to billing', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ plugins: ['contacts', 'sla', 'customer-groups', 'billing-groups', 'helpdesk'] });
  });
  afterAll(() => t?.close());

  it("answers each consumer's port with the class that implements its interface", () => {
    // Typed as the consumers' interfaces: `npm run typecheck` fails when the classes drift from them.
    const terms: CustomerGroupTermsPort = t.get(CustomerGroupTerms);
    const prices: CustomerPrices = t.get(InvoicePrices);
    const ports = t.get(OptionalPorts);
    expect(ports.get(CUSTOMER_GROUP_TERMS)).toBe(terms);
    expect(ports.get(CUSTOMER_PRICES)).toBe(prices);
  });
});

describe('the same ports while customer groups is disabled', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ plugins: ['contacts', 'sla', 'billing-groups', 'helpdesk'] });
  });
  afterAll(() => t?.close());

  it('answers null, so each consumer goes without', () => {
    const ports = t.get(OptionalPorts);
    expect(ports.get(CUSTOMER_GROUP_TERMS)).toBeNull();
    expect(ports.get(CUSTOMER_PRICES)).toBeNull();
  });
});
