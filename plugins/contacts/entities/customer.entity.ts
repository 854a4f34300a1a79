import { Column, Entity } from 'typeorm';
import { Auditable, ScopedRecord, SoftDeletableRecord } from '@clientele/core';
import { CUSTOMER_READ, KIND_CUSTOMER } from '../constants.js';
import { customerEvents } from '../events.js';

export type LegalForm = 'person' | 'company';
export interface TaxId {
  type: TaxIdType;
  value: string;
}
export type TaxIdType = 'ico' | 'dic' | 'vat' | 'inn' | 'other';
export interface SupportValue {
  value: string;
  color: string | null;
}

/** The customer card. Its scope node id is the record id; it hangs under its address book. */
@Auditable<Customer>({ type: 'customer', node: (c) => c.id, events: customerEvents, readPermission: CUSTOMER_READ })
@ScopedRecord<Customer>({ kind: KIND_CUSTOMER, label: (c) => c.name })
@Entity('contacts_customers')
export class Customer extends SoftDeletableRecord {
  /** Unique and never reused (see the customer-number allocator). */
  @Column() number: string;
  @Column('uuid') addressBookId: string;
  @Column() name: string;
  /** lower(unaccent(name)), maintained by PostgreSQL; sorting and name search use it. */
  @Column({ insert: false, update: false }) nameNormalized: string;
  @Column({ type: 'text' }) legalForm: LegalForm;
  @Column({ type: 'text', nullable: true }) representative: string | null;
  @Column({ type: 'text', nullable: true }) street: string | null;
  @Column({ type: 'text', nullable: true }) city: string | null;
  @Column({ type: 'text', nullable: true }) postcode: string | null;
  @Column({ type: 'text', nullable: true }) country: string | null;
  @Column({ type: 'text', nullable: true }) region: string | null;
  @Column({ type: 'double precision', nullable: true }) latitude: number | null;
  @Column({ type: 'double precision', nullable: true }) longitude: number | null;
  @Column({ type: 'text', nullable: true }) email: string | null;
  @Column({ type: 'text', nullable: true }) billingEmail: string | null;
  @Column({ type: 'text', nullable: true }) technicalEmail: string | null;
  @Column({ type: 'text', nullable: true }) businessEmail: string | null;
  @Column({ type: 'text', nullable: true }) phone: string | null;
  @Column({ type: 'text', nullable: true }) mobile: string | null;
  @Column({ type: 'text', nullable: true }) web: string | null;
  @Column({ type: 'uuid', nullable: true }) stateId: string | null;
  @Column({ type: 'jsonb' }) taxIds: TaxId[];
  @Column({ type: 'text', nullable: true }) bankAccount: string | null;
  @Column({ type: 'text', nullable: true }) iban: string | null;
  @Column({ type: 'text', nullable: true }) bic: string | null;
  @Column({ type: 'date', nullable: true }) contractReturnedOn: string | null;
  @Column({ type: 'uuid', nullable: true }) accountManagerId: string | null;
  @Column({ type: 'uuid', nullable: true }) supportSpecialistId: string | null;
  /** Per support parameter code: its value and colour. Returned only to audiences the parameter allows. */
  @Column({ type: 'jsonb' }) supportValues: Record<string, SupportValue>;
  /** Custom variables, validated against core custom-field definitions of type `customer`. */
  @Column({ type: 'jsonb' }) customFields: Record<string, string | number | boolean | null>;
}
