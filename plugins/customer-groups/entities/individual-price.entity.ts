import { Column, Entity } from 'typeorm';
import { Auditable, SoftDeletableRecord } from '@clientele/core';
import { INDIVIDUAL_PRICE_TYPE } from '../constants.js';

/** A price agreed with one customer; it outranks every group's price lists. */
@Auditable<IndividualPrice>({ type: INDIVIDUAL_PRICE_TYPE, node: (p) => p.customerId, retention: '12 months' })
@Entity('customer_groups_individual_prices')
export class IndividualPrice extends SoftDeletableRecord {
  @Column('uuid') customerId: string;
  @Column('uuid') productId: string;
  @Column('numeric') price: string;
  @Column() currency: string;
  @Column('numeric') minQuantity: string;
  @Column({ type: 'date', nullable: true }) validFrom: string | null;
  @Column({ type: 'date', nullable: true }) validTo: string | null;
}
