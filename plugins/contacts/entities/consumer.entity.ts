import { Column, Entity } from 'typeorm';
import { Auditable, SoftDeletableRecord } from '@clientele/core';

/** A part of a customer (branch, subsidiary, a partner's client); a scope node under the customer. */
@Auditable<Consumer>({ type: 'consumer', node: (c) => c.id })
@Entity('contacts_consumers')
export class Consumer extends SoftDeletableRecord {
  @Column('uuid') customerId: string;
  @Column() name: string;
  /** The consumer created together with the customer. */
  @Column() isDefault: boolean;
}
