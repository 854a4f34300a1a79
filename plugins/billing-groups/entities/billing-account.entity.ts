import { Column, Entity } from 'typeorm';
import { Auditable, BaseRecord } from '@clientele/core';
import { BILLING_ACCOUNT_TYPE } from '../constants.js';

/**
 * A customer's billing profile and membership of exactly one billing group. The id is the
 * customer's id (and scope node), so its history sits on the customer's card.
 */
@Auditable<BillingAccount>({ type: BILLING_ACCOUNT_TYPE, node: (a) => a.id })
@Entity('billing_accounts')
export class BillingAccount extends BaseRecord {
  @Column('uuid') groupId: string;
  /** The customer number, which is the invoices' variable symbol. */
  @Column() customerNumber: string;
  @Column({ type: 'uuid', nullable: true }) paymentTypeId: string | null;
  /** Null: the system's invoice due days. */
  @Column({ type: 'smallint', nullable: true }) dueDays: number | null;
  @Column() invoiceByPost: boolean;
  @Column() invoiceByEmail: boolean;
  /** Null: the system's days overdue before suspension. */
  @Column({ type: 'smallint', nullable: true }) suspendAfterDays: number | null;
  @Column() neverSuspend: boolean;
  /** Symbols the customer's bank payments quote instead of the customer number (at most 3). */
  @Column({ type: 'text', array: true }) extraVariableSymbols: string[];
  @Column() nonPayer: boolean;
  @Column({ type: 'timestamptz', nullable: true }) suspendedAt: Date | null;
  @Column({ type: 'uuid', nullable: true }) stateBeforeSuspension: string | null;
  @Column({ type: 'uuid', array: true }) suspendedServiceIds: string[];
}
