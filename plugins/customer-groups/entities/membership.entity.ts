import { Column, Entity } from 'typeorm';
import { Auditable, SoftDeletableRecord } from '@clientele/core';
import { MEMBERSHIP_TYPE } from '../constants.js';

/**
 * A customer's membership of a group for the days [validFrom, validTo) — either end open when
 * null. It hangs on the customer's node, so its history is read by those who read the customer.
 */
@Auditable<Membership>({ type: MEMBERSHIP_TYPE, node: (m) => m.customerId, retention: '12 months' })
@Entity('customer_group_memberships')
export class Membership extends SoftDeletableRecord {
  @Column('uuid') groupId: string;
  @Column('uuid') customerId: string;
  @Column({ type: 'date', nullable: true }) validFrom: string | null;
  @Column({ type: 'date', nullable: true }) validTo: string | null;
}
