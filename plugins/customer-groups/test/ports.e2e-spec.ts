import { OptionalPorts } from '@clientele/core';
import { startTestApp, type TestApp } from '../../../test/setup/harness.js';
import { CUSTOMER_GROUP_TERMS, type CustomerGroupTermsPort } from '../../helpdesk/index.js';
import { CUSTOMER_PRICES, type CustomerPrices } from '../../billing-groups/index.js';
import { ContractLookup } from '../../sla/index.js';
import { CustomerGroupTerms } from '../group-terms.js';
import { SLA_CONTRACTS, type SlaContractLookup } from '../groups/sla-contracts.js';
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

  it('asks the sla plugin through its own port', () => {
    const contracts: SlaContractLookup = t.get(ContractLookup);
    expect(t.get(OptionalPorts).get(SLA_CONTRACTS)).toBe(contracts);
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
