import { OptionalPorts } from '@clientele/core';
import { startTestApp, type TestApp } from '../../../test/setup/harness.js';
import { PAYMENT_SCORE, type PaymentScoreSort } from '../../helpdesk/index.js';
import { PaymentScoreSql } from '../accounts/payment-score-sql.js';

describe("the helpdesk's payment-score port, which billing provides", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ plugins: ['contacts', 'sla', 'billing-groups', 'helpdesk'] });
  });
  afterAll(() => t?.close());

  it('is answered by the class that implements its interface', () => {
    // Typed as the helpdesk's interface: `npm run typecheck` fails when the class drifts from it.
    const score: PaymentScoreSort = t.get(PaymentScoreSql);
    expect(t.get(OptionalPorts).get(PAYMENT_SCORE)).toBe(score);
  });
});
