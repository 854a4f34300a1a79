import { ClienteleEvent } from '@clientele/core';

export interface CustomerSuspensionChange {
  customerId: string;
  customerNumber: string;
  /** What the customer owed on its open invoices, in minor units, when the job decided. */
  owedMinor: number;
}

/** The nightly job found the customer a non-payer: state `non_payer`, services suspended. */
export class CustomerSuspended extends ClienteleEvent<CustomerSuspensionChange> {
  static readonly type = 'billing.customer_suspended';
}

/** A suspended customer paid (or was exempted): state and services are back as they were. */
export class CustomerRestored extends ClienteleEvent<CustomerSuspensionChange> {
  static readonly type = 'billing.customer_restored';
}

export const billingEvents = [CustomerSuspended, CustomerRestored];
