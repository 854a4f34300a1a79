import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { Channel, MessageStatus } from '../constants.js';

export interface MessageAttachment {
  filename: string;
  contentType: string;
  /** Base64. */
  data: string;
}

/**
 * One e-mail or SMS in the outbox, rendered when it was queued (a later template edit never
 * changes what was sent). Written in the transaction of the action that caused it; the sender
 * records each attempt before it talks to the server, so a restart never sends it twice.
 */
@Entity('messages')
export class Message {
  @PrimaryColumn('uuid') id: string;
  @Column('text') channel: Channel;
  @Column('text') status: MessageStatus;
  @Column('int') priority: number;
  /** The customer it concerns: who may read the customer may read its messages. */
  @Column({ type: 'uuid', nullable: true }) customerId: string | null;
  @Column({ type: 'uuid', nullable: true }) templateId: string | null;
  @Column({ type: 'text', nullable: true }) sender: string | null;
  @Column('text', { array: true }) recipients: string[];
  @Column({ type: 'text', nullable: true }) subject: string | null;
  @Column({ type: 'text', nullable: true }) html: string | null;
  @Column({ type: 'text', nullable: true }) text: string | null;
  @Column('jsonb') attachments: MessageAttachment[];
  /** The `Message-ID` header: the same on every attempt, so the receiving side can tell a repeat. */
  @Column('text') messageIdHeader: string;
  @Column('int') attempts: number;
  @Column({ type: 'text', nullable: true }) lastError: string | null;
  @Column({ type: 'timestamptz', nullable: true }) sentAt: Date | null;
  @Column({ type: 'uuid', nullable: true }) createdBy: string | null;
  /** The bulk send (its job's id) that wrote the message; null for one sent on its own. */
  @Column({ type: 'uuid', nullable: true }) bulkSendId: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}
