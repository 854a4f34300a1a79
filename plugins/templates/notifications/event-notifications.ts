import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { RequestContext, TemplateVariables, type EventEnvelope } from '@clientele/core';
import type { AddressKind, Channel } from '../constants.js';
import type { NotificationRule } from '../entities/notification-rule.entity.js';
import { MessageTemplate } from '../entities/message-template.entity.js';
import { CompiledTemplates } from '../rendering/compiled-templates.js';
import { MessagesService } from '../messages/messages.service.js';
import { phoneNumber } from '../sms/phone-number.js';

interface CustomerCard {
  customer?: {
    email?: string | null;
    invoiceEmail?: string | null;
    technicalEmail?: string | null;
    businessEmail?: string | null;
    mobile?: string | null;
  };
}

const ADDRESS: Record<AddressKind, keyof NonNullable<CustomerCard['customer']>> = {
  main: 'email',
  billing: 'invoiceEmail',
  technical: 'technicalEmail',
  business: 'businessEmail',
};

/** The customer an event concerns: named in its payload, or the customer record it is about. */
function customerOf(payload: Record<string, unknown>, envelope: EventEnvelope): string | null {
  if (typeof payload.customerId === 'string') return payload.customerId;
  if (envelope.record?.type === 'customer' && envelope.record.id) return envelope.record.id;
  return envelope.type.startsWith('customer.') && typeof payload.id === 'string' ? payload.id : null;
}

/**
 * Carries out the operator's notification rules for one committed event, as its manifest handler
 * (`{ event, provider: EventNotifications, method: 'notify' }`; a plugin depending on templates
 * may declare one for its own events). Each rule's message is queued in the same transaction that
 * records the (event, rule) pair, so an event delivered again notifies nobody twice.
 */
@Injectable()
export class EventNotifications {
  private readonly logger = new Logger('Notifications');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly variables: TemplateVariables,
    private readonly compiled: CompiledTemplates,
    private readonly messages: MessagesService,
  ) {}

  async notify(payload: Record<string, unknown>, envelope: EventEnvelope) {
    const rules: NotificationRule[] = await this.db.query(
      `SELECT id, template_id AS "templateId", recipient_kind AS "recipientKind", address_kind AS "addressKind",
              user_id AS "userId", priority
         FROM notification_rules WHERE event_type = $1 AND is_active AND deleted_at IS NULL ORDER BY id`,
      [envelope.type],
    );
    const customerId = customerOf(payload, envelope);
    if (!rules.length || !customerId) return;
    const values = await this.variables.values('customer', customerId, RequestContext.system());
    for (const rule of rules) await this.carryOut(rule, customerId, values, payload, envelope.id);
  }

  private async carryOut(
    rule: NotificationRule,
    customerId: string,
    values: Record<string, unknown>,
    payload: Record<string, unknown>,
    eventId: string,
  ) {
    const template = await this.db.getRepository(MessageTemplate).findOne({ where: { id: rule.templateId } });
    if (!template || template.deletedAt || template.channel === 'document')
      return this.logger.warn(`rule ${rule.id}: its template is gone`);
    const to = await this.recipient(rule, template.channel, values as CustomerCard, payload);
    if (!to)
      return this.logger.warn(
        `rule ${rule.id}: no ${template.channel === 'sms' ? 'phone' : 'address'} for event ${eventId}`,
      );
    const rendered = this.compiled.render(template, values);
    await this.db.transaction(async (m) => {
      const [first] = await m.query(
        `INSERT INTO notification_deliveries (event_id, rule_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING rule_id`,
        [eventId, rule.id],
      );
      if (!first) return;
      const message = await this.messages.enqueue(m, {
        channel: template.channel as Channel,
        customerId,
        templateId: template.id,
        sender: template.channel === 'email' ? await this.messages.defaultMailbox() : null,
        recipients: [to],
        ...rendered,
        attachments: [],
        priority: rule.priority,
        createdBy: null,
      });
      await m.query(`UPDATE notification_deliveries SET message_id = $3 WHERE event_id = $1 AND rule_id = $2`, [
        eventId,
        rule.id,
        message.id,
      ]);
    });
  }

  private async recipient(
    rule: NotificationRule,
    channel: string,
    card: CustomerCard,
    payload: Record<string, unknown>,
  ) {
    if (rule.recipientKind === 'customer') {
      return (
        (channel === 'sms'
          ? phoneNumber(card.customer?.mobile)
          : rule.addressKind && card.customer?.[ADDRESS[rule.addressKind]]) || null
      );
    }
    const userId =
      rule.recipientKind === 'user' ? rule.userId : typeof payload.assigneeId === 'string' ? payload.assigneeId : null;
    if (!userId) return null;
    const [user] = await this.db.query(
      `SELECT email, preferences->>'phone' AS phone FROM users WHERE id = $1 AND is_active`,
      [userId],
    );
    return (channel === 'sms' ? phoneNumber(user?.phone) : user?.email) || null;
  }
}
