import { Body, Controller, Get, Param, Post, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AppError, Public } from '@clientele/core';
import { AuthorisationPolicies } from '../tickets/authorisation-policies.js';
import { AuthorisationService } from '../tickets/authorisation.service.js';
import { esc, page } from './html.js';

const html = (reply: FastifyReply, status: number, body: string) =>
  reply
    .status(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(body);

const gone = (reply: FastifyReply) =>
  html(
    reply,
    404,
    page('Link not valid', '<p>This approval link has expired, was used already, or the request was decided.</p>'),
  );

/** The one-purpose approval link: a page to approve or reject one request, for approvers without an account. */
@ApiExcludeController()
@Controller('helpdesk/approve')
export class ApprovalPageController {
  constructor(
    private readonly authorisation: AuthorisationService,
    private readonly policies: AuthorisationPolicies,
  ) {}

  @Get(':secret')
  @Public()
  async show(@Param('secret') secret: string, @Res() reply: FastifyReply) {
    const found = await this.authorisation.byLink(secret);
    if (!found) return gone(reply);
    const { ticket } = found;
    const duplicates = await this.policies.duplicates(this.policies.manager(), ticket);
    const dupList = duplicates.length
      ? `<h2>Possibly the same request</h2><ul>${duplicates.map((d) => `<li>#${esc(d.number)} ${esc(d.subject)} (${esc(d.state)})</li>`).join('')}</ul>`
      : '';
    return html(
      reply,
      200,
      page(
        `Approve request #${ticket.number}`,
        `
<p><strong>${esc(ticket.subject)}</strong></p>${dupList}
<form method="post">
  <p><label>Reason (required to reject)<br><textarea name="reason" rows="3" cols="60"></textarea></label></p>
  <p><button name="decision" value="approve">Approve</button> <button name="decision" value="reject">Reject</button></p>
</form>`,
      ),
    );
  }

  @Post(':secret')
  @Public()
  async decide(@Param('secret') secret: string, @Body() body: Record<string, unknown>, @Res() reply: FastifyReply) {
    const decision = body?.decision === 'approve' || body?.decision === 'reject' ? body.decision : null;
    if (!decision) return html(reply, 400, page('Choose a decision', '<p>Approve or reject the request.</p>'));
    try {
      const ticket = await this.authorisation.decideByLink(secret, {
        decision,
        reason: typeof body.reason === 'string' ? body.reason : undefined,
      });
      return html(
        reply,
        200,
        page(
          decision === 'approve' ? 'Request approved' : 'Request rejected',
          `<p>#${esc(ticket.number)} ${esc(ticket.subject)}</p>`,
        ),
      );
    } catch (error) {
      if (error instanceof AppError && error.statusCode === 404) return gone(reply);
      if (error instanceof AppError && error.statusCode === 400)
        return html(reply, 400, page('Say why', `<p>${esc(error.message)}</p>`));
      throw error;
    }
  }
}
