import { Column, Entity } from 'typeorm';
import { Auditable, ScopedRecord, SoftDeletableRecord } from '@clientele/core';
import { GROUP_READ, GROUP_TYPE, KIND_CUSTOMER_GROUP } from '../constants.js';
import { CustomerGroupCreated, CustomerGroupDeleted, CustomerGroupRestored, CustomerGroupUpdated } from '../events.js';

/**
 * A customer group (VIP, corporate staff, resellers …). It owns a scope node (its id) below the
 * system node, so rights can be granted on one group. A smaller `priority` ranks first when a
 * customer's groups disagree (prices, responsibility).
 */
@Auditable<CustomerGroup>({
  type: GROUP_TYPE,
  node: (g) => g.id,
  retention: '12 months',
  readPermission: GROUP_READ,
  events: {
    created: CustomerGroupCreated,
    updated: CustomerGroupUpdated,
    deleted: CustomerGroupDeleted,
    restored: CustomerGroupRestored,
  },
})
@ScopedRecord<CustomerGroup>({ kind: KIND_CUSTOMER_GROUP, label: (g) => g.name })
@Entity('customer_groups')
export class CustomerGroup extends SoftDeletableRecord {
  @Column() code: string;
  @Column() name: string;
  /** `#rrggbb`. */
  @Column({ type: 'text', nullable: true }) colour: string | null;
  @Column({ type: 'text', nullable: true }) description: string | null;
  @Column('integer') priority: number;
  /** An SLA contract of the sla plugin, given to every new ticket of the group's customers. */
  @Column({ type: 'uuid', nullable: true }) slaContractId: string | null;
  /** The SLA level that holds until a ticket's severity is assessed. */
  @Column({ type: 'text', nullable: true }) defaultSlaLevel: string | null;
}
