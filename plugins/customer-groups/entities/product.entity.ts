import { Column, Entity } from 'typeorm';
import { Auditable, SYSTEM_NODE_ID, SoftDeletableRecord } from '@clientele/core';
import { PRODUCT_TYPE } from '../constants.js';

/** A product or service in the operator's small price catalogue. Money is a decimal string. */
@Auditable<Product>({ type: PRODUCT_TYPE, node: () => SYSTEM_NODE_ID, retention: '12 months' })
@Entity('customer_groups_products')
export class Product extends SoftDeletableRecord {
  @Column() code: string;
  @Column() name: string;
  @Column() unit: string;
  @Column('numeric') basePrice: string;
  @Column() currency: string;
  @Column('numeric') vatRate: string;
  /** The contacts service template this product prices, if any. */
  @Column({ type: 'uuid', nullable: true }) serviceTemplateId: string | null;
}
