import { Column, Entity } from 'typeorm';
import { Auditable, BaseRecord } from '@clientele/core';
import { MESSAGE_TYPE } from '../constants.js';

/**
 * A message on a ticket, from the customer's side or the staff's: sanitised HTML. A private
 * message's content, its history entry included, is for its addressee (and master admins) only.
 */
@Auditable<TicketMessage>({
  type: MESSAGE_TYPE,
  node: (m) => m.ticketId,
  privateTo: (m) => (m.private ? m.addresseeId : null),
})
@Entity('helpdesk_messages')
export class TicketMessage extends BaseRecord {
  @Column('uuid') ticketId: string;
  @Column({ type: 'uuid', nullable: true }) authorId: string | null;
  /** Written by the customer's side (counts as a customer message for the SLA) or by staff. */
  @Column() fromCustomer: boolean;
  @Column('text') body: string;
  @Column() private: boolean;
  @Column({ type: 'uuid', nullable: true }) addresseeId: string | null;
}
