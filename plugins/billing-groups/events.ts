import { ClienteleEvent, type Notifiable } from '@clientele/core';

export interface CustomerSuspensionChange {
  customerId: string;
  customerNumber: string;
  /** What the customer owed on its open invoices, in minor units, when the job decided. */
  owedMinor: number;
}

/** Suspension notices render on the customer (its `billing.*` variables among them). */
const aboutCustomer: Notifiable<CustomerSuspensionChange> = {
  context: 'customer',
  record: (p) => p.customerId,
  customer: (p) => p.customerId,
};

/** The nightly job found the customer a non-payer: state `non_payer`, services suspended. */
export class CustomerSuspended extends ClienteleEvent<CustomerSuspensionChange> {
  static readonly type = 'billing.customer_suspended';
  static readonly notifiable = aboutCustomer;
}

/** A suspended customer paid (or was exempted): state and services are back as they were. */
export class CustomerRestored extends ClienteleEvent<CustomerSuspensionChange> {
  static readonly type = 'billing.customer_restored';
  static readonly notifiable = aboutCustomer;
}

export const billingEvents = [CustomerSuspended, CustomerRestored];
