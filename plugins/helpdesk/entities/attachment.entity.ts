import { Column, Entity } from 'typeorm';
import { Auditable, BaseRecord } from '@clientele/core';

/** A file on a ticket (on one of its messages, when `messageId`); the content lives in the attachment storage. */
@Auditable<Attachment>({ type: 'ticket_attachment', node: (a) => a.ticketId, privateTo: (a) => a.privateTo })
@Entity('helpdesk_attachments')
export class Attachment extends BaseRecord {
  @Column('uuid') ticketId: string;
  @Column({ type: 'uuid', nullable: true }) messageId: string | null;
  /** The addressee of the private message it belongs to: nobody else (but master admins) sees it. */
  @Column({ type: 'uuid', nullable: true }) privateTo: string | null;
  @Column() fileName: string;
  @Column() contentType: string;
  @Column('int') size: number;
  @Column() sha256: string;
  @Column({ type: 'text' }) storage: 'database' | 'disk';
  @Column({ type: 'uuid', nullable: true }) createdBy: string | null;
}
