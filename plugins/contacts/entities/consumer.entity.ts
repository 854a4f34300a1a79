import { Column, Entity } from 'typeorm';
import { Auditable, ScopedRecord, SoftDeletableRecord } from '@clientele/core';
import { CONSUMER_READ, KIND_CONSUMER } from '../constants.js';
import { consumerEvents } from '../events.js';

/** A part of a customer (branch, subsidiary, a partner's client); a scope node under the customer. */
@Auditable<Consumer>({ type: 'consumer', node: (c) => c.id, events: consumerEvents, readPermission: CONSUMER_READ })
@ScopedRecord<Consumer>({ kind: KIND_CONSUMER, label: (c) => c.name })
@Entity('contacts_consumers')
export class Consumer extends SoftDeletableRecord {
  @Column('uuid') customerId: string;
  @Column() name: string;
  /** The consumer created together with the customer. */
  @Column() isDefault: boolean;
}
