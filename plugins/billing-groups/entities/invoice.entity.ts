import { Column, Entity } from 'typeorm';
import { Auditable, BaseRecord } from '@clientele/core';
import { INVOICE_TYPE } from '../constants.js';
import type { DecidingPriceRule } from '../invoices/customer-prices.js';

export type InvoiceStatus = 'open' | 'paid' | 'cancelled';
export const INVOICE_STATUSES: InvoiceStatus[] = ['open', 'paid', 'cancelled'];

/** One line: `quantity` × `unitPriceMinor` = `totalMinor`, all integers. */
export interface InvoiceLine {
  description: string;
  quantity: number;
  unitPriceMinor: number;
  totalMinor: number;
  productCode?: string;
  /** Which rule of customer groups decided the price of a line priced from its product, and on which day. */
  priceRule?: DecidingPriceRule & { price: string; pricedOn: string };
}

/** An invoice of a billing group to one of its customers; history sits on the customer's card. */
@Auditable<Invoice>({ type: INVOICE_TYPE, node: (i) => i.customerId })
@Entity('billing_invoices')
export class Invoice extends BaseRecord {
  @Column('uuid') groupId: string;
  @Column('uuid') customerId: string;
  @Column() number: string;
  @Column() period: string;
  /** The place in the group's series; null for an invoice imported with the number another system gave it. */
  @Column({ type: 'integer', nullable: true }) sequence: number | null;
  @Column({ type: 'date' }) issuedOn: string;
  @Column({ type: 'date' }) dueOn: string;
  @Column({ type: 'char', length: 3 }) currency: string;
  @Column({ type: 'jsonb' }) lines: InvoiceLine[];
  /** bigint comes back from PostgreSQL as a string; amounts stay below 2^53 minor units. */
  @Column({ type: 'bigint', transformer: { to: (v: number) => v, from: (v: string) => Number(v) } }) totalMinor: number;
  @Column({ type: 'bigint', transformer: { to: (v: number) => v, from: (v: string) => Number(v) } }) paidMinor: number;
  @Column({ type: 'text' }) status: InvoiceStatus;
  @Column({ type: 'date', nullable: true }) paidOn: string | null;
  @Column() variableSymbol: string;
  /** Imported from another system (`importId` names the import while it is kept). */
  @Column({ default: false }) imported: boolean;
  @Column({ type: 'uuid', nullable: true }) importId: string | null;
  /** What was paid on an imported invoice before the import; counts in the balance like a payment. */
  @Column({
    type: 'bigint',
    default: 0,
    transformer: { to: (v: number) => v, from: (v: string) => Number(v) },
  })
  paidElsewhereMinor: number;
}
