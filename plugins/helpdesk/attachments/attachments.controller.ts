import { Body, Controller, Get, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Ctx, IdParam, Permission, RequestContext, requestedId, type NodeLocator } from '@clientele/core';
import { REQUEST_READ, TICKET_READ, TICKET_WRITE } from '../constants.js';
import { AddAttachmentDto } from '../dto/attachment.dto.js';
import { ON_TICKET } from '../tickets/route-nodes.js';
import { AttachmentsService } from './attachments.service.js';

/** An attachment's route is checked where its ticket's is. */
const ON_ATTACHMENTS_TICKET: NodeLocator = {
  where: "as on the attachment's ticket",
  seenWith: REQUEST_READ,
  async resolve(request, ctx, db) {
    const id = requestedId(request, 'id');
    if (!id) return undefined;
    const [row] = await db.query(`SELECT ticket_id FROM helpdesk_attachments WHERE id = $1`, [id]);
    return row ? ON_TICKET.resolve({ params: { id: row.ticket_id } }, ctx, db) : null;
  },
};

/** Only files the caller may see are images or PDFs opened in place; anything else downloads. */
const INLINE = /^(image\/(png|jpeg|gif|webp)|application\/pdf)$/;

@ApiTags('helpdesk')
@ApiBearerAuth()
@Controller('api')
export class AttachmentsController {
  constructor(private readonly attachments: AttachmentsService) {}

  /** Attachments of the ticket (those of a private message only for its addressee). */
  @Get('tickets/:id/attachments')
  @Permission(TICKET_READ, { node: ON_TICKET, or: REQUEST_READ })
  list(@IdParam() id: string, @Ctx() ctx: RequestContext) {
    return this.attachments.list(ctx, id);
  }

  /** `{ fileName, contentType, data (base64), messageId? }`; 400 `TOO_LARGE` above the configured size. */
  @Post('tickets/:id/attachments')
  @Permission(TICKET_WRITE, {
    node: ON_TICKET,
    or: REQUEST_READ,
    where: `${TICKET_WRITE} on the ticket's area; the requester's side with ${REQUEST_READ}`,
  })
  add(@IdParam() id: string, @Body() body: AddAttachmentDto, @Ctx() ctx: RequestContext) {
    return this.attachments.add(ctx, id, body);
  }

  /** The file itself. */
  @Get('attachments/:id')
  @Permission(TICKET_READ, { node: ON_ATTACHMENTS_TICKET, or: REQUEST_READ })
  async download(@IdParam() id: string, @Ctx() ctx: RequestContext, @Res() reply: FastifyReply) {
    const { attachment, data } = await this.attachments.download(ctx, id);
    const disposition = INLINE.test(attachment.contentType) ? 'inline' : 'attachment';
    return reply
      .header('content-type', INLINE.test(attachment.contentType) ? attachment.contentType : 'application/octet-stream')
      .header('content-disposition', `${disposition}; filename*=UTF-8''${encodeURIComponent(attachment.fileName)}`)
      .header('x-content-type-options', 'nosniff')
      .send(data);
  }
}
