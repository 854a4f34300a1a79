import { Column, Entity } from 'typeorm';
import { Auditable, SoftDeletableRecord } from '@clientele/core';
import { GROUP_PRICE_LIST_TYPE } from '../constants.js';

/** A price list carried by a group, at a position in the group's order (1 first). */
@Auditable<GroupPriceList>({ type: GROUP_PRICE_LIST_TYPE, node: (g) => g.groupId, retention: '12 months' })
@Entity('customer_group_price_lists')
export class GroupPriceList extends SoftDeletableRecord {
  @Column('uuid') groupId: string;
  @Column('uuid') priceListId: string;
  @Column('integer') position: number;
}
