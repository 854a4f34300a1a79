import { Column, Entity } from 'typeorm';
import { Auditable, ScopedRecord, SoftDeletableRecord } from '@clientele/core';
import { KIND_ADDRESS_BOOK } from '../constants.js';

/** A scope node of its own (node id = record id): grants on it decide who sees its customers at all. */
@Auditable<AddressBook>({ type: 'address_book', node: (b) => b.id })
@ScopedRecord<AddressBook>({ kind: KIND_ADDRESS_BOOK, label: (b) => b.name })
@Entity('contacts_address_books')
export class AddressBook extends SoftDeletableRecord {
  @Column() name: string;
  @Column() description: string;
}
