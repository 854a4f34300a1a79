import { Column, Entity } from 'typeorm';
import { Auditable, SoftDeletableRecord } from '@clientele/core';

/** A person of the customer; an employee with a portal account has `userId` set. */
@Auditable<ContactPerson>({ type: 'contact_person', node: (p) => p.customerId })
@Entity('contacts_contact_persons')
export class ContactPerson extends SoftDeletableRecord {
  @Column('uuid') customerId: string;
  @Column() name: string;
  @Column({ type: 'text', nullable: true }) position: string | null;
  @Column({ type: 'text', nullable: true }) email: string | null;
  @Column({ type: 'text', nullable: true }) secondaryEmail: string | null;
  @Column({ type: 'text', nullable: true }) phone: string | null;
  @Column({ type: 'text', nullable: true }) mobile: string | null;
  @Column() isEmployee: boolean;
  @Column({ type: 'uuid', nullable: true }) userId: string | null;
}
