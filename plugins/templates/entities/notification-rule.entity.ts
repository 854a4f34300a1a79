import { Column, Entity } from 'typeorm';
import { Auditable, SYSTEM_NODE_ID, SoftDeletableRecord } from '@clientele/core';
import { NOTIFICATION_RULE_TYPE, TEMPLATES_READ, type AddressKind, type RecipientKind } from '../constants.js';
import { notificationRuleEvents } from '../events.js';

/** On an event of `eventType`, send the template to the recipient: the operator's own rule. */
@Auditable<NotificationRule>({
  type: NOTIFICATION_RULE_TYPE,
  node: () => SYSTEM_NODE_ID,
  retention: '12 months',
  events: notificationRuleEvents,
  readPermission: TEMPLATES_READ,
})
@Entity('notification_rules')
export class NotificationRule extends SoftDeletableRecord {
  @Column('text') name: string;
  /** An event type such as `customer.created`; `GET /api/notification-rules/events` lists those that can notify. */
  @Column('text') eventType: string;
  /** An e-mail or SMS template written for customers. */
  @Column('uuid') templateId: string;
  @Column('text') recipientKind: RecipientKind;
  /** For `customer`: which of the customer's addresses (the mobile for an SMS template). */
  @Column({ type: 'text', nullable: true }) addressKind: AddressKind | null;
  /** For `user`: who gets it (their e-mail, or the phone in their preferences for SMS). */
  @Column({ type: 'uuid', nullable: true }) userId: string | null;
  /** For `group`: every member of this user group (with an e-mail, or a phone for SMS). */
  @Column({ type: 'uuid', nullable: true }) groupId: string | null;
  @Column('int') priority: number;
  @Column('boolean') isActive: boolean;
}
