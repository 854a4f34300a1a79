import { Column, Entity } from 'typeorm';
import { Auditable, SYSTEM_NODE_ID, SoftDeletableRecord } from '@clientele/core';
import { PRICE_LIST_ITEM_TYPE, PRICE_LIST_TYPE } from '../constants.js';

/** Prices in one currency for the days [validFrom, validTo) of the operator's calendar (either end open when null). */
@Auditable<PriceList>({ type: PRICE_LIST_TYPE, node: () => SYSTEM_NODE_ID, retention: '12 months' })
@Entity('customer_groups_price_lists')
export class PriceList extends SoftDeletableRecord {
  @Column() name: string;
  @Column() currency: string;
  @Column({ type: 'date', nullable: true }) validFrom: string | null;
  @Column({ type: 'date', nullable: true }) validTo: string | null;
}

/** One price of a list: for `minQuantity` or more of the product (0: any quantity). */
@Auditable<PriceListItem>({ type: PRICE_LIST_ITEM_TYPE, node: () => SYSTEM_NODE_ID, retention: '12 months' })
@Entity('customer_groups_price_list_items')
export class PriceListItem extends SoftDeletableRecord {
  @Column('uuid') priceListId: string;
  @Column('uuid') productId: string;
  @Column('numeric') price: string;
  @Column('numeric') minQuantity: string;
}
