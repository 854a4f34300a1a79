import { Column, Entity } from 'typeorm';
import { Auditable, BaseRecord, SYSTEM_NODE_ID } from '@clientele/core';
import { PAYMENT_TYPE } from '../constants.js';

const bigint = { to: (v: number) => v, from: (v: string) => Number(v) };

/**
 * A credit from a bank statement. Matched, it belongs to a customer (history on the card);
 * unmatched, it waits in the queue of the group whose account received it.
 */
@Auditable<Payment>({ type: PAYMENT_TYPE, node: (p) => p.customerId ?? p.groupId ?? SYSTEM_NODE_ID })
@Entity('billing_payments')
export class Payment extends BaseRecord {
  @Column('uuid') statementId: string;
  @Column() bankKey: string;
  @Column({ type: 'date' }) receivedOn: string;
  @Column({ type: 'bigint', transformer: bigint }) amountMinor: number;
  /** How much of it has paid invoices; the rest is credit. */
  @Column({ type: 'bigint', transformer: bigint }) allocatedMinor: number;
  @Column({ type: 'char', length: 3 }) currency: string;
  @Column({ type: 'text', nullable: true }) variableSymbol: string | null;
  @Column({ type: 'text', nullable: true }) counterAccount: string | null;
  @Column({ type: 'text', nullable: true }) counterName: string | null;
  @Column({ type: 'text', nullable: true }) message: string | null;
  @Column({ type: 'uuid', nullable: true }) groupId: string | null;
  @Column({ type: 'uuid', nullable: true }) customerId: string | null;
  @Column({ type: 'text', nullable: true }) matchedBy: 'symbol' | 'person' | null;
}
