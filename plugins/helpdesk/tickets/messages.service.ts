import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  ClienteleEvent,
  EventBus,
  ListQueryDto,
  RecordService,
  RequestContext,
  ScopedRecords,
  invalid,
  paginate,
  refused,
} from '@clientele/core';
import { MESSAGE_TYPE, TICKET_TYPE } from '../constants.js';
import { Ticket } from '../entities/ticket.entity.js';
import { TicketMessage } from '../entities/message.entity.js';
import { TicketMessageAdded, TicketStateChanged } from '../events.js';
import type { AddMessageDto } from '../dto/ticket.dto.js';
import { TicketClocks } from '../sla/ticket-clocks.js';
import { excerpt, messageHtml } from './message-text.js';
import { TicketsService, ticketRef, ticketScope } from './tickets.service.js';
import { Timeline } from './timeline.js';

/** A message as a reader sees it: a private one not addressed to them without its body. */
export interface MessageView {
  id: string;
  ticketId: string;
  authorId: string | null;
  authorName: string | null;
  fromCustomer: boolean;
  private: boolean;
  addresseeId: string | null;
  /** Null for a private message the reader is not the addressee of. */
  body: string | null;
  createdAt: Date;
}

/** Whether the reader may read the message's content: anyone for a public one, the addressee (and master admins) for a private one. */
export const mayRead = (ctx: RequestContext, m: TicketMessage) =>
  !m.private || ctx.isMasterAdmin || (!!ctx.userId && m.addresseeId === ctx.userId);

@Injectable()
export class MessagesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly records: RecordService,
    private readonly scoped: ScopedRecords,
    private readonly tickets: TicketsService,
    private readonly events: EventBus,
    private readonly clocks: TicketClocks,
    private readonly timeline: Timeline,
  ) {}

  async list(ctx: RequestContext, ticketId: string, query: ListQueryDto) {
    await this.tickets.find(ctx, ticketId);
    const qb = this.db
      .getRepository(TicketMessage)
      .createQueryBuilder('m')
      .where('m.ticket_id = :ticketId', { ticketId });
    const page = await paginate(qb, query, {
      sorts: { createdAt: { column: 'm.id', value: (m: TicketMessage) => m.id, type: 'uuid' } },
      defaultSort: 'createdAt',
      idColumn: 'm.id',
      filters: {
        fromCustomer: { column: 'm.from_customer', type: 'boolean' },
        private: { column: 'm.private', type: 'boolean' },
      },
    });
    return { ...page, items: await this.present(ctx, page.items) };
  }

  /**
   * Staff reply with `helpdesk.ticket.write` on the area; the customer's people write on their
   * tickets. A customer's message on a ticket waiting for them opens it again; a public staff
   * message is the reply the SLA's response clocks wait for.
   */
  async add(ctx: RequestContext, ticketId: string, dto: AddMessageDto) {
    const body = messageHtml(dto.body, dto.format);
    const isPrivate = dto.private ?? false;
    if (isPrivate && !ctx.userId)
      throw invalid('private', 'NO_AUTHOR', 'Only a signed-in user can write a private message');
    return this.db.transaction(async (m) => {
      const ticket = await this.tickets.find(ctx, ticketId, m);
      const fromCustomer = this.tickets.requesterSide(ctx, ticket);
      if (!fromCustomer) await this.tickets.requireStaff(ctx, ticket, m);
      if (ticket.state === 'closed') throw refused('TICKET_CLOSED', 'Reopen the ticket before writing to it');
      if (isPrivate) {
        const [user] = await m.query(`SELECT 1 FROM users WHERE id = $1 AND is_active`, [dto.addresseeId]);
        if (!user) throw invalid('addresseeId', 'UNKNOWN_USER', 'No such active user');
      }
      const message = await this.records.create(
        TicketMessage,
        {
          ticketId,
          authorId: ctx.userId || null,
          fromCustomer,
          body,
          private: isPrivate,
          addresseeId: isPrivate ? dto.addresseeId! : null,
        },
        ctx,
        m,
      );
      const at = message.createdAt;
      const events: ClienteleEvent<object>[] = [];
      if (fromCustomer) await this.timeline.add(m, ticketId, at, 'customerMessage');
      else if (!isPrivate) await this.timeline.add(m, ticketId, at, 'staffReply');
      let current = ticket;
      if (fromCustomer && ticket.state === 'waiting_for_customer') {
        current = await this.scoped.update(
          Ticket,
          ticketId,
          undefined,
          (t) => {
            t.state = 'open';
          },
          ctx,
          m,
        );
        await this.timeline.add(m, ticketId, at, 'state', { state: 'open' });
        events.push(
          new TicketStateChanged(
            { ...ticketRef(current), from: ticket.state, to: 'open', reason: 'The customer answered' },
            ticketScope(current),
            { type: TICKET_TYPE, id: ticketId },
          ),
        );
      }
      if (fromCustomer || !isPrivate) await this.clocks.track(m, [ticketId]);
      events.unshift(
        new TicketMessageAdded(
          {
            ...ticketRef(current),
            messageId: message.id,
            authorId: message.authorId,
            fromCustomer,
            private: isPrivate,
            addresseeId: message.addresseeId,
            excerpt: isPrivate ? null : excerpt(body),
          },
          ticketScope(current),
          { type: MESSAGE_TYPE, id: message.id },
        ),
      );
      await this.events.publishMany(m, events, ctx);
      return (await this.present(ctx, [message]))[0];
    });
  }

  private async present(ctx: RequestContext, messages: TicketMessage[]): Promise<MessageView[]> {
    const ids = [...new Set(messages.map((m) => m.authorId).filter((id): id is string => !!id))];
    const rows: { id: string; display_name: string }[] = ids.length
      ? await this.db.query(`SELECT id, display_name FROM users WHERE id = ANY($1::uuid[])`, [ids])
      : [];
    const names = new Map(rows.map((r) => [r.id, r.display_name]));
    return messages.map((m) => ({
      id: m.id,
      ticketId: m.ticketId,
      authorId: m.authorId,
      authorName: m.authorId ? (names.get(m.authorId) ?? null) : null,
      fromCustomer: m.fromCustomer,
      private: m.private,
      addresseeId: m.addresseeId,
      body: mayRead(ctx, m) ? m.body : null,
      createdAt: m.createdAt,
    }));
  }
}
