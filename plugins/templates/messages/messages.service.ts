import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import {
  AccessService,
  JobQueue,
  ListQueryDto,
  RequestContext,
  SettingsService,
  TemplateVariables,
  invalid,
  newId,
  notFound,
  paginate,
  refused,
} from '@clientele/core';
import { MAX_ATTACHMENTS, MESSAGES_READ, SEND_QUEUE } from '../constants.js';
import { Message, type MessageAttachment } from '../entities/message.entity.js';
import type { SendEmailDto } from '../dto/message.dto.js';
import { CompiledTemplates, type RenderedMessage } from '../rendering/compiled-templates.js';
import { TemplatesService } from '../templates/templates.service.js';
import { TemplatesSettings } from '../settings.js';
import { ServiceSheets } from '../sheets/service-sheets.service.js';
import { Mailboxes } from './mailboxes.js';
import { emailRecipients } from './recipients.js';

const listSpec = {
  sorts: { createdAt: { column: 'm.id', value: (m: Message) => m.id, type: 'uuid' as const } },
  defaultSort: '-createdAt',
  idColumn: 'm.id',
  filters: {
    status: { column: 'm.status', type: 'text' as const },
    channel: { column: 'm.channel', type: 'text' as const },
    customerId: { column: 'm.customer_id', type: 'uuid' as const },
  },
};

/** A message as the API shows it: without the attachments' bytes. */
export type MessageView = Omit<Message, 'attachments'> & {
  attachments: { filename: string; contentType: string; size: number }[];
};

const present = (m: Message): MessageView => ({
  ...m,
  attachments: m.attachments.map((a) => ({
    filename: a.filename,
    contentType: a.contentType,
    size: Buffer.byteLength(a.data, 'base64'),
  })),
});

/** A stable, unique `Message-ID` for a new message, in the sending mailbox's domain. */
export const messageIdHeader = (sender: string | null) =>
  `<${randomUUID()}@${sender?.split('@')[1] ?? 'clientele.local'}>`;

/**
 * Writes messages into the outbox: rendered with the sender's rights, stored and queued in one
 * transaction, so a message exists exactly when its job does. Delivery is `MessageSender`'s.
 */
@Injectable()
export class MessagesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: AccessService,
    private readonly settings: SettingsService,
    private readonly variables: TemplateVariables,
    private readonly templates: TemplatesService,
    private readonly compiled: CompiledTemplates,
    private readonly mailboxes: Mailboxes,
    private readonly sheets: ServiceSheets,
    private readonly queue: JobQueue,
  ) {}

  async sendEmail(ctx: RequestContext, dto: SendEmailDto, manager?: EntityManager): Promise<MessageView> {
    const { customerId } = dto;
    const settings = await this.settings.get(TemplatesSettings);
    if (!settings.smtpHost)
      throw refused('EMAIL_NOT_CONFIGURED', 'No mail server is configured (settings of the templates module)');
    const values = await this.variables.values('customer', customerId, ctx);
    const recipients = emailRecipients(dto, values as Parameters<typeof emailRecipients>[1]);
    const attachments = this.attachments(dto, settings.maxAttachmentBytes);
    if (dto.serviceSheet) attachments.push(await this.serviceSheet(ctx, dto, values));
    const rendered = await this.render(dto, values);
    const write = async (m: EntityManager) => {
      const sender = await this.mailboxes.choose(m, ctx, settings.mailboxes, dto.mailbox);
      return this.enqueue(m, {
        channel: 'email',
        customerId,
        templateId: dto.templateId ?? null,
        sender,
        recipients,
        ...rendered,
        attachments,
        priority: dto.priority ?? 0,
        createdBy: ctx.userId || null,
      });
    };
    return present(manager ? await write(manager) : await this.db.transaction(write));
  }

  /** The mailbox messages nobody chose a sender for go out from (notifications). */
  async defaultMailbox(): Promise<string | null> {
    return (await this.settings.get(TemplatesSettings)).mailboxes[0] ?? null;
  }

  /** Puts a message into the outbox within `manager`'s transaction (also for other plugins' notifications). */
  async enqueue(
    manager: EntityManager,
    fields: Omit<
      Message,
      | 'id'
      | 'status'
      | 'messageIdHeader'
      | 'attempts'
      | 'lastError'
      | 'sentAt'
      | 'createdAt'
      | 'updatedAt'
      | 'bulkSendId'
    >,
  ) {
    const id = newId();
    const message = manager.create(Message, {
      ...fields,
      id,
      status: 'queued',
      messageIdHeader: messageIdHeader(fields.sender),
      attempts: 0,
      lastError: null,
      sentAt: null,
      bulkSendId: null,
    });
    // insert, not save: a new id needs no look-up first (bulk sends and notifications pass here per message).
    await manager.insert(Message, message);
    await this.queue.enqueue(SEND_QUEUE, { messageId: id }, { manager, priority: fields.priority, key: id });
    return message;
  }

  list(ctx: RequestContext, query: ListQueryDto) {
    const qb = this.visible(ctx);
    return paginate(qb, query, listSpec).then((page) => ({ ...page, items: page.items.map(present) }));
  }

  async get(ctx: RequestContext, id: string) {
    return present(await this.find(ctx, id));
  }

  /** A parked (failed) message goes out again: the same Message-ID, a fresh round of attempts. */
  async resend(ctx: RequestContext, id: string, priority?: number) {
    const message = await this.find(ctx, id);
    if (message.status !== 'failed') throw refused('NOT_FAILED', 'Only a failed message can be sent again');
    await this.db.transaction(async (m) => {
      // An UPDATE answers [rows, count] through TypeORM's PostgreSQL driver.
      const [reopened] = await m.query(
        `UPDATE messages SET status = 'queued', attempts = 0, updated_at = now() WHERE id = $1 AND status = 'failed' RETURNING id`,
        [id],
      );
      if (!reopened.length) throw refused('NOT_FAILED', 'Only a failed message can be sent again');
      await this.queue.enqueue(SEND_QUEUE, { messageId: id }, { manager: m, priority: priority ?? message.priority });
    });
    return this.get(ctx, id);
  }

  private visible(ctx: RequestContext) {
    return this.access.restrict(
      this.db.getRepository(Message).createQueryBuilder('m'),
      'm.customer_id',
      MESSAGES_READ,
      ctx,
    );
  }

  private async find(ctx: RequestContext, id: string) {
    const message = await this.visible(ctx).andWhere('m.id = :id', { id }).getOne();
    if (!message) throw notFound('Message');
    return message;
  }

  private async render(dto: SendEmailDto, values: Record<string, unknown>): Promise<RenderedMessage> {
    if (!dto.templateId) {
      const html = dto.format !== 'text';
      return { subject: dto.subject!, html: html ? dto.body! : null, text: html ? null : dto.body! };
    }
    const template = await this.templates.customerEmail(dto.templateId);
    const rendered = this.compiled.render(template, values);
    return { ...rendered, subject: dto.subject ?? rendered.subject };
  }

  /** The sheet of one of the customer's services; a service elsewhere is not there (404 alike). */
  private async serviceSheet(
    ctx: RequestContext,
    dto: SendEmailDto,
    values: Record<string, unknown>,
  ): Promise<MessageAttachment> {
    const { serviceId, templateId } = dto.serviceSheet!;
    if ((dto.attachments?.length ?? 0) >= MAX_ATTACHMENTS) {
      throw invalid('serviceSheet', 'TOO_MANY_ATTACHMENTS', `An e-mail carries ${MAX_ATTACHMENTS} attachments at most`);
    }
    const sheet = await this.sheets.render(ctx, serviceId, templateId);
    const customer = (values as { customer?: { number?: string } }).customer;
    if (!customer?.number || sheet.customerNumber !== customer.number) throw notFound('Service');
    return { filename: sheet.filename, contentType: 'application/pdf', data: sheet.data.toString('base64') };
  }

  private attachments(dto: SendEmailDto, limit: number): MessageAttachment[] {
    return (dto.attachments ?? []).map((a, i) => {
      if (Buffer.byteLength(a.data, 'base64') > limit) {
        throw invalid(`attachments[${i}].data`, 'TOO_LARGE', `An attachment may have ${limit} bytes at most`);
      }
      return { filename: a.filename, contentType: a.contentType, data: a.data };
    });
  }
}
