import { Column, Entity } from 'typeorm';
import { Auditable, SYSTEM_NODE_ID, SoftDeletableRecord } from '@clientele/core';
import { TEMPLATE_TYPE, TEMPLATES_READ, type TemplateChannel } from '../constants.js';
import { templateEvents } from '../events.js';

/** An e-mail or SMS template in one language, written in Handlebars over one context's variables. */
@Auditable<MessageTemplate>({
  type: TEMPLATE_TYPE,
  node: () => SYSTEM_NODE_ID,
  retention: '12 months',
  events: templateEvents,
  readPermission: TEMPLATES_READ,
})
@Entity('message_templates')
export class MessageTemplate extends SoftDeletableRecord {
  @Column('text') channel: TemplateChannel;
  /** Names the template for integrators and notification rules; unique per channel and language. */
  @Column('text') code: string;
  @Column('text') name: string;
  /** ISO 639-1, e.g. `cs`. */
  @Column('text') language: string;
  /** The kind of record it is rendered for (`customer`, `service`, `ticket` …). */
  @Column('text') context: string;
  @Column({ type: 'text', nullable: true }) subject: string | null;
  @Column({ type: 'text', nullable: true }) html: string | null;
  /** The plain-text body of an e-mail, or the text of an SMS. */
  @Column({ type: 'text', nullable: true }) text: string | null;
}
