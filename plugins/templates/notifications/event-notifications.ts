import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  AppError,
  EventBus,
  RequestContext,
  TemplateVariables,
  type EventEnvelope,
  type Notifiable,
  type TemplateValues,
} from '@clientele/core';
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

/** One recipient of a rule: `key` is what makes the delivery once-only (`customer` or a user's id). */
interface Recipient {
  key: string;
  to: string;
}

/** What one occurrence of an event is about, read from its payload through the event's `Notifiable`. */
class Occurrence {
  private readonly values = new Map<string, Promise<TemplateValues | null>>();

  constructor(
    readonly notifiable: Notifiable,
    readonly payload: Record<string, unknown>,
    private readonly variables: TemplateVariables,
  ) {}

  get customerId(): string | null {
    return this.notifiable.customer?.(this.payload) ?? null;
  }

  /**
   * The template values of a context the event offers (its record's, or its customer's), read
   * once per event; `null` when the record is gone (a 404 from its sources).
   */
  valuesFor(context: string): Promise<TemplateValues | null> {
    const id = context === this.notifiable.context ? this.notifiable.record(this.payload) : this.customerId;
    if (!id) return Promise.resolve(null);
    if (!this.values.has(context)) {
      this.values.set(
        context,
        this.variables.values(context, id, RequestContext.system()).catch((error: unknown) => {
          if (error instanceof AppError && error.statusCode === 404) return null;
          throw error;
        }),
      );
    }
    return this.values.get(context)!;
  }
}

/**
 * Carries out the operator's notification rules for one committed event: the manifest handler
 * of every notifiable event of every enabled plugin (`{ event: 'notifiable', … }`). Each rule's
 * messages are queued in the same transaction that records the (event, rule, recipient)
 * triples, so an event delivered again notifies nobody twice.
 */
@Injectable()
export class EventNotifications {
  private readonly logger = new Logger('Notifications');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly bus: EventBus,
    private readonly variables: TemplateVariables,
    private readonly compiled: CompiledTemplates,
    private readonly messages: MessagesService,
  ) {}

  async notify(payload: Record<string, unknown>, envelope: EventEnvelope) {
    const notifiable = this.bus.notifiable(envelope.type);
    if (!notifiable || notifiable.when?.(payload) === false) return;
    const rules: NotificationRule[] = await this.db.query(
      `SELECT id, template_id AS "templateId", recipient_kind AS "recipientKind", address_kind AS "addressKind",
              user_id AS "userId", group_id AS "groupId", priority
         FROM notification_rules WHERE event_type = $1 AND is_active AND deleted_at IS NULL ORDER BY id`,
      [envelope.type],
    );
    const occurrence = new Occurrence(notifiable, payload, this.variables);
    for (const rule of rules) await this.carryOut(rule, occurrence, envelope.id);
  }

  private async carryOut(rule: NotificationRule, occurrence: Occurrence, eventId: string) {
    const template = await this.db.getRepository(MessageTemplate).findOne({ where: { id: rule.templateId } });
    if (!template || template.deletedAt || template.channel === 'document')
      return this.logger.warn(`rule ${rule.id}: its template is gone`);
    const values = await occurrence.valuesFor(template.context);
    if (!values) return this.logger.warn(`rule ${rule.id}: event ${eventId} is about nothing to render`);
    const recipients = await this.recipients(rule, template.channel, occurrence);
    if (!recipients.length)
      return this.logger.warn(
        `rule ${rule.id}: no ${template.channel === 'sms' ? 'phone' : 'address'} for event ${eventId}`,
      );
    const rendered = this.compiled.render(template, values);
    await this.db.transaction(async (m) => {
      const claimed: { recipient: string }[] = await m.query(
        `INSERT INTO notification_deliveries (event_id, rule_id, recipient)
         SELECT $1, $2, unnest($3::text[]) ON CONFLICT DO NOTHING RETURNING recipient`,
        [eventId, rule.id, recipients.map((r) => r.key)],
      );
      if (!claimed.length) return;
      const sender = template.channel === 'email' ? await this.messages.defaultMailbox() : null;
      const sent: string[] = [];
      for (const { recipient } of claimed) {
        const message = await this.messages.enqueue(m, {
          channel: template.channel as Channel,
          customerId: occurrence.customerId,
          templateId: template.id,
          sender,
          recipients: [recipients.find((r) => r.key === recipient)!.to],
          ...rendered,
          attachments: [],
          priority: rule.priority,
          createdBy: null,
        });
        sent.push(message.id);
      }
      await m.query(
        `UPDATE notification_deliveries d SET message_id = c.message_id
           FROM unnest($3::text[], $4::uuid[]) AS c(recipient, message_id)
          WHERE d.event_id = $1 AND d.rule_id = $2 AND d.recipient = c.recipient`,
        [eventId, rule.id, claimed.map((c) => c.recipient), sent],
      );
    });
  }

  /** Everyone the rule names for this event, each once, with the address (or phone) the channel needs. */
  private async recipients(rule: NotificationRule, channel: string, occurrence: Occurrence): Promise<Recipient[]> {
    if (rule.recipientKind === 'customer') {
      const card = ((await occurrence.valuesFor('customer')) ?? {}) as CustomerCard;
      const to =
        channel === 'sms'
          ? phoneNumber(card.customer?.mobile)
          : rule.addressKind && card.customer?.[ADDRESS[rule.addressKind]];
      return to ? [{ key: 'customer', to }] : [];
    }
    const assignee = rule.recipientKind === 'assignee' ? occurrence.notifiable.assignee?.(occurrence.payload) : null;
    const userId = rule.recipientKind === 'user' ? rule.userId : (assignee?.userId ?? null);
    const groupId = rule.recipientKind === 'group' ? rule.groupId : (assignee?.groupId ?? null);
    if (!userId && !groupId) return [];
    const users: { id: string; email: string | null; phone: string | null }[] = await this.db.query(
      `SELECT u.id, u.email, u.preferences->>'phone' AS phone FROM users u
        WHERE u.is_active AND (u.id = $1 OR u.id IN (SELECT user_id FROM user_group_members WHERE group_id = $2))
        ORDER BY u.id`,
      [userId, groupId],
    );
    return users.flatMap((user) => {
      const to = channel === 'sms' ? phoneNumber(user.phone) : user.email;
      return to ? [{ key: user.id, to }] : [];
    });
  }
}
