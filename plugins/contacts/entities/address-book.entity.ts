import { Column, Entity } from 'typeorm';
import { Auditable, SoftDeletableRecord } from '@clientele/core';

/** A scope node of its own (node id = record id): grants on it decide who sees its customers at all. */
@Auditable<AddressBook>({ type: 'address_book', node: (b) => b.id })
@Entity('contacts_address_books')
export class AddressBook extends SoftDeletableRecord {
  @Column() name: string;
  @Column() description: string;
}
