import { Column, Entity } from 'typeorm';
import { Auditable, BaseRecord } from '@clientele/core';
import { QUOTE_TYPE } from '../constants.js';

/** A price given to a customer, with the rule that decided it; it never changes afterwards. */
@Auditable<Quote>({ type: QUOTE_TYPE, node: (q) => q.customerId })
@Entity('customer_groups_quotes')
export class Quote extends BaseRecord {
  @Column('uuid') customerId: string;
  /** Null once the product itself is purged; its code stays. */
  @Column({ type: 'uuid', nullable: true }) productId: string | null;
  @Column() productCode: string;
  @Column('numeric') quantity: string;
  @Column({ type: 'date' }) pricedOn: string;
  @Column('numeric') unitPrice: string;
  @Column() currency: string;
  @Column() ruleKind: 'individual' | 'list' | 'base';
  @Column({ type: 'uuid', nullable: true }) ruleId: string | null;
  @Column({ type: 'uuid', nullable: true }) priceListId: string | null;
  @Column({ type: 'uuid', nullable: true }) groupId: string | null;
}
