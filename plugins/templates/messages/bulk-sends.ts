import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  AccessService,
  JobQueue,
  RequestContext,
  SettingsService,
  TemplateVariables,
  newId,
  refused,
  type JobInfo,
  type JobProgress,
} from '@clientele/core';
import { CustomerSelections } from '@clientele/contacts';
import { BULK_SEND_QUEUE, MESSAGES_SEND, SEND_QUEUE } from '../constants.js';
import type { BulkEmailDto } from '../dto/message.dto.js';
import type { MessageTemplate } from '../entities/message-template.entity.js';
import { CompiledTemplates, type RenderedMessage } from '../rendering/compiled-templates.js';
import { TemplatesService } from '../templates/templates.service.js';
import { TemplatesSettings } from '../settings.js';
import { Mailboxes } from './mailboxes.js';
import { messageIdHeader } from './messages.service.js';
import { addressesOfKinds } from './recipients.js';

/** Customers taken per step: one page of the contacts list, one transaction. */
const PAGE = 500;

/** The job's input: the request with the mailbox chosen when it was made. */
interface BulkSendInput extends Omit<BulkEmailDto, 'mailbox'> {
  sender: string;
}

export interface BulkSendResult {
  /** Customers an e-mail was queued for. */
  queued: number;
  /** Customers without an address of the ticked kinds. */
  skipped: number;
  /** Customers the caller may read but not send messages to. */
  notAllowed: number;
}

/**
 * One e-mail template to every customer the contacts list shows the caller for a search and
 * filter, as a durable job with progress. Per page of customers: their values resolved
 * set-based with the caller's rights, each e-mail rendered (the compiled template is cached),
 * the messages written with one statement and their delivery jobs queued with another, in one
 * transaction. Each message carries the job's id, so a page run again writes and queues nothing twice.
 */
@Injectable()
export class BulkSends {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: AccessService,
    private readonly settings: SettingsService,
    private readonly variables: TemplateVariables,
    private readonly templates: TemplatesService,
    private readonly compiled: CompiledTemplates,
    private readonly mailboxes: Mailboxes,
    private readonly customers: CustomerSelections,
    private readonly queue: JobQueue,
  ) {}

  /** Checks what can be checked now (400 rather than a failed job) and queues the work; followed at `GET /api/jobs/:id`. */
  async start(ctx: RequestContext, dto: BulkEmailDto) {
    const settings = await this.settings.get(TemplatesSettings);
    if (!settings.smtpHost)
      throw refused('EMAIL_NOT_CONFIGURED', 'No mail server is configured (settings of the templates module)');
    await this.templates.customerEmail(dto.templateId);
    await this.customers.check(ctx, { q: dto.q, filter: dto.filter }, 'a bulk send');
    const { mailbox, ...rest } = dto;
    const sender = await this.mailboxes.choose(this.db.manager, ctx, settings.mailboxes, mailbox);
    const jobId = await this.queue.enqueue(BULK_SEND_QUEUE, { ...rest, sender } satisfies BulkSendInput, { ctx });
    return { jobId };
  }

  async run(input: BulkSendInput, progress: JobProgress, job: JobInfo): Promise<BulkSendResult> {
    const ctx = await job.ctx();
    const template = await this.templates.customerEmail(input.templateId);
    const result: BulkSendResult = { queued: 0, skipped: 0, notAllowed: 0 };
    await this.customers.eachPage(ctx, { q: input.q, filter: input.filter }, PAGE, progress, (ids) =>
      this.sendPage(ctx, input, template, job.id, ids, result),
    );
    return result;
  }

  private async sendPage(
    ctx: RequestContext,
    input: BulkSendInput,
    template: MessageTemplate,
    bulkSendId: string,
    ids: string[],
    result: BulkSendResult,
  ) {
    const allowed = await this.allowed(ctx, ids);
    result.notAllowed += ids.length - allowed.length;
    const values = await this.variables.manyValues('customer', allowed, ctx);
    const messages: (RenderedMessage & Record<string, unknown>)[] = [];
    for (const customerId of allowed) {
      const customerValues = values.get(customerId);
      const recipients = customerValues ? addressesOfKinds(input.addresses, customerValues) : [];
      if (!recipients.length) {
        result.skipped++;
        continue;
      }
      messages.push({
        id: newId(),
        customer_id: customerId,
        recipients,
        ...this.compiled.render(template, customerValues!),
        message_id_header: messageIdHeader(input.sender),
      });
    }
    result.queued += messages.length;
    if (!messages.length) return;
    await this.db.transaction(async (m) => {
      const written: { id: string }[] = await m.query(
        `INSERT INTO messages (id, channel, status, priority, customer_id, template_id, sender, recipients, subject, html, text,
                               message_id_header, created_by, bulk_send_id)
         SELECT r.id, 'email', 'queued', $2, r.customer_id, $3, $4, ARRAY(SELECT jsonb_array_elements_text(r.recipients)),
                r.subject, r.html, r.text, r.message_id_header, $5, $6
           FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, customer_id uuid, recipients jsonb, subject text, html text, text text, message_id_header text)
         ON CONFLICT (bulk_send_id, customer_id) WHERE bulk_send_id IS NOT NULL DO NOTHING
         RETURNING id`,
        [JSON.stringify(messages), input.priority ?? 0, template.id, input.sender, ctx.userId || null, bulkSendId],
      );
      await this.queue.enqueueMany(
        SEND_QUEUE,
        written.map((w) => ({ messageId: w.id })),
        { manager: m, priority: input.priority ?? 0, keyOf: (w) => w.messageId },
      );
    });
  }

  /** The customers among `ids` the caller may send messages to. */
  private async allowed(ctx: RequestContext, ids: string[]): Promise<string[]> {
    if (!ids.length) return [];
    const params: unknown[] = [ids];
    const visible = this.access.filterSql('n.id', MESSAGES_SEND, ctx, params);
    const rows: { id: string }[] = await this.db.query(
      `SELECT n.id FROM unnest($1::uuid[]) WITH ORDINALITY AS n(id, position) WHERE ${visible} ORDER BY n.position`,
      params,
    );
    return rows.map((r) => r.id);
  }
}
