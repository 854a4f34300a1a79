import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { RequestContext, TemplateVariableSource } from '@clientele/core';
import { excerpt } from './message-text.js';
import { TicketsService } from './tickets.service.js';

/** The `ticket` context of templates: what notifications about a ticket may say. Never a private message. */
export const ticketTemplateVariables = (provider: TemplateVariableSource['provider']): TemplateVariableSource[] => [
  {
    context: 'ticket',
    provider,
    method: 'ticket',
    variables: [
      { key: 'ticket.number', label: 'Ticket number', type: 'string', example: '1042' },
      { key: 'ticket.subject', label: 'Subject', type: 'string', example: 'Internet is down' },
      {
        key: 'ticket.state',
        label: 'State',
        type: 'string',
        example: 'open',
        description: 'new, awaiting_authorisation, open, waiting_for_customer, resolved or closed',
      },
      {
        key: 'ticket.severity',
        label: 'Severity',
        type: 'string',
        example: 'high',
        description: 'critical, high, normal or low; empty until assessed',
      },
      { key: 'ticket.area.name', label: 'Area', type: 'string', example: 'Support' },
      {
        key: 'ticket.assignee.name',
        label: 'Assignee',
        type: 'string',
        example: 'Petra Dvořáková',
        description: 'The user, or the user group, it is assigned to',
      },
      { key: 'ticket.requester.name', label: 'Requester', type: 'string', example: 'Jana Nováková' },
      { key: 'ticket.createdAt', label: 'Filed at', type: 'datetime', example: '2026-11-30T08:15:00Z' },
      { key: 'ticket.sla.dueAt', label: 'Nearest SLA deadline', type: 'datetime', example: '2026-11-30T12:15:00Z' },
      {
        key: 'ticket.sla.state',
        label: 'SLA state',
        type: 'string',
        example: 'running',
        description: 'running, paused, breached, met or none',
      },
      {
        key: 'ticket.lastMessage.text',
        label: 'Last message',
        type: 'string',
        example: 'We are on it',
        description: 'The last message every reader of the ticket may read, as plain text (never a private one)',
      },
      { key: 'ticket.lastMessage.author', label: 'Last message by', type: 'string', example: 'Petra Dvořáková' },
    ],
  },
];

@Injectable()
export class TicketTemplateValues {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly tickets: TicketsService,
  ) {}

  /** 404 unless the caller may read the ticket. */
  async ticket(id: string, ctx: RequestContext) {
    const t = await this.tickets.find(ctx, id);
    const [row] = await this.db.query(
      `SELECT a.name AS area, au.display_name AS assignee_user, ag.name AS assignee_group, r.display_name AS requester,
              lm.body AS last_body, lmu.display_name AS last_author
         FROM helpdesk_tickets t JOIN helpdesk_areas a ON a.id = t.area_id
         LEFT JOIN users au ON au.id = t.assignee_user_id LEFT JOIN user_groups ag ON ag.id = t.assignee_group_id
         LEFT JOIN users r ON r.id = t.requester_id
         LEFT JOIN LATERAL (SELECT m.body, m.author_id FROM helpdesk_messages m WHERE m.ticket_id = t.id AND NOT m.private ORDER BY m.id DESC LIMIT 1) lm ON true
         LEFT JOIN users lmu ON lmu.id = lm.author_id
        WHERE t.id = $1`,
      [id],
    );
    return {
      ticket: {
        number: String(t.number),
        subject: t.subject,
        state: t.state,
        severity: t.severity ?? '',
        area: { name: row.area },
        assignee: { name: row.assignee_user ?? row.assignee_group ?? '' },
        requester: { name: row.requester ?? '' },
        createdAt: t.createdAt,
        sla: { dueAt: t.slaDueAt, state: t.slaState },
        lastMessage: { text: row.last_body ? excerpt(row.last_body, 2000) : '', author: row.last_author ?? '' },
      },
    };
  }
}
