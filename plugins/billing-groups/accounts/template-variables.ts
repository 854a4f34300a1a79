import type { TemplateVariableSource } from '@clientele/core';
import { BillingAccountsService } from './billing-accounts.service.js';

/** A customer's billing in templates (the suspension notices above all): its group, balance and score. */
export const billingTemplateVariables: TemplateVariableSource[] = [
  {
    context: 'customer',
    variables: [
      {
        key: 'billing.group',
        label: 'Billing group',
        type: 'string',
        example: 'Síť Šumperk s.r.o.',
        description: 'The company that invoices the customer',
      },
      {
        key: 'billing.balanceMinor',
        label: 'Balance',
        type: 'money',
        example: -59900,
        description: 'Paid − invoiced, in minor units: negative is a debt',
      },
      { key: 'billing.scoreTotal', label: 'Payment score', type: 'number', example: 20 },
      { key: 'billing.scoreAverage', label: 'Average payment score', type: 'number', example: 2 },
      { key: 'billing.nonPayer', label: 'Non-payer', type: 'boolean', example: false },
      {
        key: 'billing.variableSymbol',
        label: 'Variable symbol',
        type: 'string',
        example: '123',
        description: 'The customer number as payments quote it',
      },
    ],
    provider: BillingAccountsService,
    method: 'templateValues',
    manyMethod: 'manyTemplateValues',
  },
];
