import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { RequestContext, SettingsService, TemplateVariables, invalid, refused } from '@clientele/core';
import { SMS_TEXT_LIMIT } from '../constants.js';
import type { SendSmsDto } from '../dto/sms.dto.js';
import { CompiledTemplates } from '../rendering/compiled-templates.js';
import { TemplatesService } from '../templates/templates.service.js';
import { MessagesService, type MessageView } from '../messages/messages.service.js';
import { TemplatesSettings } from '../settings.js';
import { countSms, splitSms } from './sms-parts.js';
import { SmsGateway } from './sms-gateway.js';
import { phoneNumber } from './phone-number.js';

/** SMS into the outbox: one message per piece when the operator splits long texts. */
@Injectable()
export class SmsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly settings: SettingsService,
    private readonly gateway: SmsGateway,
    private readonly variables: TemplateVariables,
    private readonly templates: TemplatesService,
    private readonly compiled: CompiledTemplates,
    private readonly messages: MessagesService,
  ) {}

  async parts(text: string) {
    const { smsSplitAfter } = await this.settings.get(TemplatesSettings);
    const pieces = splitSms(text, smsSplitAfter);
    return {
      ...countSms(text),
      messages: pieces.length,
      pieces: pieces.map((piece) => ({ text: piece, ...countSms(piece) })),
    };
  }

  async status() {
    return { configured: await this.gateway.configured() };
  }

  async send(ctx: RequestContext, dto: SendSmsDto): Promise<{ items: MessageView[] }> {
    const settings = await this.settings.get(TemplatesSettings);
    if (!settings.smsGatewayUrl)
      throw refused('SMS_NOT_CONFIGURED', 'No SMS gateway is configured (settings of the templates module)');
    const values = (await this.variables.values('customer', dto.customerId, ctx)) as {
      customer?: { mobile?: string | null };
    };
    const to = dto.userId ? await this.technicianPhone(dto.userId) : phoneNumber(values.customer?.mobile);
    if (!to)
      throw invalid(
        dto.userId ? 'userId' : 'customerId',
        'NO_PHONE',
        dto.userId ? 'The user has no phone' : 'The customer has no mobile number',
      );
    const text = await this.text(dto, values);
    const pieces = splitSms(text, settings.smsSplitAfter);
    const items = await this.db.transaction(async (m) => {
      const queued = [];
      for (const piece of pieces) {
        queued.push(
          await this.messages.enqueue(m, {
            channel: 'sms',
            customerId: dto.customerId,
            templateId: dto.templateId ?? null,
            sender: null,
            recipients: [to],
            subject: null,
            html: null,
            text: piece,
            attachments: [],
            priority: dto.priority ?? 0,
            createdBy: ctx.userId || null,
          }),
        );
      }
      return queued;
    });
    return { items: items.map((message) => ({ ...message, attachments: [] })) };
  }

  private async technicianPhone(userId: string) {
    const [user] = await this.db.query(`SELECT preferences->>'phone' AS phone FROM users WHERE id = $1 AND is_active`, [
      userId,
    ]);
    if (!user) throw invalid('userId', 'NOT_FOUND', 'No such active user');
    return phoneNumber(user.phone);
  }

  private async text(dto: SendSmsDto, values: Record<string, unknown>) {
    if (!dto.templateId) return dto.text!;
    const template = await this.templates.get(dto.templateId).catch(() => {
      throw invalid('templateId', 'NOT_FOUND', 'No such template');
    });
    if (template.channel !== 'sms' || template.context !== 'customer') {
      throw invalid('templateId', 'WRONG_TEMPLATE', 'Choose an SMS template written for customers');
    }
    const text = this.compiled.render(template, values).text?.trim() ?? '';
    if (!text) throw invalid('templateId', 'EMPTY', 'The template renders no text for this customer');
    if (Array.from(text).length > SMS_TEXT_LIMIT)
      throw invalid('templateId', 'TOO_LONG', `The rendered SMS is longer than ${SMS_TEXT_LIMIT} characters`);
    return text;
  }
}
