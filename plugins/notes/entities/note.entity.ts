import { Column, Entity } from 'typeorm';
import { Auditable, SoftDeletableRecord } from '@clientele/core';
import { NOTES_READ, NOTE_TYPE } from '../constants.js';
import { noteEvents } from '../events.js';

/**
 * A free note on any record that has a scope node. A private note, its history included, is
 * seen by its author and master admins only; an alert note pops up when the record is opened.
 */
@Auditable<Note>({
  type: NOTE_TYPE,
  node: (n) => n.nodeId,
  retention: '12 months',
  privateTo: (n) => (n.private ? n.authorId : null),
  events: noteEvents,
  readPermission: NOTES_READ,
})
@Entity('notes')
export class Note extends SoftDeletableRecord {
  @Column('uuid') nodeId: string;
  /** Sanitised HTML (plain text is stored escaped). */
  @Column('text') text: string;
  @Column('boolean') private: boolean;
  @Column('boolean') alert: boolean;
  /** Null only for notes written by the system (seeds, imports). */
  @Column({ type: 'uuid', nullable: true }) authorId: string | null;
}
