import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  ClienteleConfig,
  RecordService,
  RequestContext,
  SettingsService,
  invalid,
  newId,
  notFound,
} from '@clientele/core';
import { Attachment } from '../entities/attachment.entity.js';
import { TicketMessage } from '../entities/message.entity.js';
import { HelpdeskSettings } from '../settings.js';
import { mayRead } from '../tickets/messages.service.js';
import { TicketsService } from '../tickets/tickets.service.js';
import { DatabaseAttachmentStorage, diskStorageAt, type AttachmentStorage } from './attachment-storage.js';

export interface AttachmentInput {
  fileName: string;
  contentType: string;
  /** The file, base64-encoded. */
  data: string;
  messageId?: string;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Whether the reader may see an attachment at all: one of a private message only its addressee (and master admins). */
const visibleTo = (ctx: RequestContext, a: Attachment) =>
  !a.privateTo || ctx.isMasterAdmin || a.privateTo === ctx.userId;

/**
 * Files on tickets, with a size limit, kept in the storage the settings name. Whoever sees the
 * ticket sees its attachments, except those of a private message, which are its addressee's.
 */
@Injectable()
export class AttachmentsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly records: RecordService,
    private readonly settings: SettingsService,
    private readonly tickets: TicketsService,
    private readonly config: ClienteleConfig,
    private readonly database: DatabaseAttachmentStorage,
  ) {}

  private storage(kind: 'database' | 'disk', folder: string): AttachmentStorage {
    return kind === 'disk' ? diskStorageAt(folder, this.config.rootDir) : this.database;
  }

  async list(ctx: RequestContext, ticketId: string) {
    await this.tickets.find(ctx, ticketId);
    const rows = await this.db.getRepository(Attachment).find({ where: { ticketId }, order: { id: 'ASC' } });
    return {
      items: rows.filter((a) => visibleTo(ctx, a)).map(view),
      nextCursor: null,
      total: rows.filter((a) => visibleTo(ctx, a)).length,
    };
  }

  /** Writers of the ticket's messages attach files; one on a private message follows the message's privacy. */
  async add(ctx: RequestContext, ticketId: string, input: AttachmentInput) {
    const { attachmentStorage, attachmentFolder, attachmentMaxBytes } = await this.settings.get(HelpdeskSettings);
    const clean = input.data.replace(/\s+/g, '');
    if (!BASE64.test(clean) || clean.length % 4 !== 0)
      throw invalid('data', 'NOT_BASE64', 'The file must be base64-encoded');
    const data = Buffer.from(clean, 'base64');
    if (!data.length) throw invalid('data', 'EMPTY_FILE', 'The file is empty');
    if (data.length > attachmentMaxBytes)
      throw invalid('data', 'TOO_LARGE', `A file may have at most ${attachmentMaxBytes} bytes`);
    const storage = this.storage(attachmentStorage, attachmentFolder);
    const id = newId();
    const saved = await this.db
      .transaction(async (m) => {
        const ticket = await this.tickets.find(ctx, ticketId, m);
        if (!this.tickets.requesterSide(ctx, ticket)) await this.tickets.requireStaff(ctx, ticket, m);
        let privateTo: string | null = null;
        if (input.messageId) {
          const message = await m.getRepository(TicketMessage).findOne({ where: { id: input.messageId, ticketId } });
          if (!message || !mayRead(ctx, message)) throw notFound('Message');
          privateTo = message.private ? message.addresseeId : null;
        }
        const attachment = await this.records.create(
          Attachment,
          {
            id,
            ticketId,
            messageId: input.messageId ?? null,
            privateTo,
            fileName: input.fileName.trim(),
            contentType: input.contentType,
            size: data.length,
            sha256: createHash('sha256').update(data).digest('hex'),
            storage: storage.kind,
            createdBy: ctx.userId || null,
          },
          ctx,
          m,
        );
        await storage.put(m, id, data);
        return attachment;
      })
      .catch(async (error) => {
        if (storage.kind === 'disk') await diskStorageAt(attachmentFolder, this.config.rootDir).discard(id);
        throw error;
      });
    return view(saved);
  }

  /** The file, for those who may see it; 404 otherwise. */
  async download(ctx: RequestContext, id: string) {
    const attachment = await this.db.getRepository(Attachment).findOne({ where: { id } });
    if (!attachment || !visibleTo(ctx, attachment)) throw notFound('Attachment');
    await this.tickets.find(ctx, attachment.ticketId);
    const { attachmentFolder } = await this.settings.get(HelpdeskSettings);
    const data = await this.storage(attachment.storage, attachmentFolder).get(this.db.manager, id);
    if (!data) throw notFound('Attachment');
    return { attachment, data };
  }

  /** The ticket an attachment belongs to (for the route check), or null. */
  async ticketOf(id: string) {
    const [row] = await this.db.query(`SELECT ticket_id FROM helpdesk_attachments WHERE id = $1`, [id]);
    return row ? (row.ticket_id as string) : null;
  }
}

const view = (a: Attachment) => ({
  id: a.id,
  ticketId: a.ticketId,
  messageId: a.messageId,
  private: !!a.privateTo,
  fileName: a.fileName,
  contentType: a.contentType,
  size: a.size,
  sha256: a.sha256,
  createdBy: a.createdBy,
  createdAt: a.createdAt,
});
