import { Body, Controller, Get, Param, Post, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AppError, Ctx, Public, RequestContext } from '@clientele/core';
import { SUBJECT_MAX_LENGTH } from '../constants.js';
import type { QuickAccount } from '../entities/quick-account.entity.js';
import { QuickAccountsService } from '../quick/quick-accounts.service.js';
import { esc, page } from './html.js';

const html = (reply: FastifyReply, status: number, body: string) =>
  reply
    .status(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('referrer-policy', 'no-referrer')
    .send(body);

const STATE_NAMES: Record<string, string> = {
  new: 'New',
  awaiting_authorisation: 'Awaiting authorisation',
  open: 'Open',
  waiting_for_customer: 'Waiting for you',
  resolved: 'Resolved',
  closed: 'Closed',
};

/**
 * The quick-request form, server-rendered and usable without JavaScript or the admin UI: the
 * key in the address opens it and the account's own requests. A wrong, expired or deleted key
 * gets the same page; a locked account is told to wait.
 */
@ApiExcludeController()
@Controller('helpdesk/request')
export class QuickRequestPageController {
  constructor(private readonly accounts: QuickAccountsService) {}

  @Get(':key')
  @Public()
  async show(@Param('key') key: string, @Ctx() ctx: RequestContext, @Res() reply: FastifyReply) {
    const account = await this.opened(key, ctx.ip, reply);
    return account && this.render(reply, 200, account);
  }

  @Post(':key')
  @Public()
  async submit(
    @Param('key') key: string,
    @Body() body: Record<string, unknown>,
    @Ctx() ctx: RequestContext,
    @Res() reply: FastifyReply,
  ) {
    const account = await this.opened(key, ctx.ip, reply);
    if (!account) return;
    const subject = typeof body?.subject === 'string' ? body.subject.trim() : '';
    const text = typeof body?.body === 'string' ? body.body.trim() : '';
    if (!subject || !text || subject.length > SUBJECT_MAX_LENGTH || text.length > 20_000) {
      return this.render(
        reply,
        400,
        account,
        `Fill in the subject (at most ${SUBJECT_MAX_LENGTH} characters) and describe the request.`,
        { subject, text },
      );
    }
    const ticket = await this.accounts.file(account, { subject, body: text });
    return this.render(reply, 201, account, null, undefined, `Request #${ticket.number} was filed.`);
  }

  private async opened(key: string, ip: string, reply: FastifyReply) {
    try {
      const account = await this.accounts.open(key, ip);
      if (!account)
        html(
          reply,
          404,
          page(
            'Link not valid',
            '<p>This request link is not valid or has expired. Ask your provider for a new one.</p>',
          ),
        );
      return account;
    } catch (error) {
      if (error instanceof AppError && error.statusCode === 429) {
        html(
          reply,
          429,
          page('Try again later', '<p>Too many attempts with a wrong link. Try again in a quarter of an hour.</p>'),
        );
        return null;
      }
      throw error;
    }
  }

  private async render(
    reply: FastifyReply,
    status: number,
    account: QuickAccount,
    error: string | null = null,
    values = { subject: '', text: '' },
    done?: string,
  ) {
    const own = await this.accounts.ownTickets(account);
    const rows = own
      .map(
        (t) =>
          `<tr><td>#${esc(t.number)}</td><td>${esc(t.subject)}</td><td>${esc(STATE_NAMES[t.state] ?? t.state)}</td><td>${esc(t.createdAt.toISOString().slice(0, 10))}</td></tr>`,
      )
      .join('');
    return html(
      reply,
      status,
      page(
        'New request',
        `
${done ? `<p role="status">${esc(done)}</p>` : ''}${error ? `<p role="alert">${esc(error)}</p>` : ''}
<p>For ${esc(account.name)}</p>
<form method="post">
  <p><label>Subject<br><input name="subject" maxlength="${SUBJECT_MAX_LENGTH}" required value="${esc(values.subject)}"></label></p>
  <p><label>What do you need?<br><textarea name="body" rows="8" cols="60" required>${esc(values.text)}</textarea></label></p>
  <p><button type="submit">Send request</button></p>
</form>
<h2>Your requests</h2>
${rows ? `<table><thead><tr><th>Number</th><th>Subject</th><th>State</th><th>Filed</th></tr></thead><tbody>${rows}</tbody></table>` : '<p>None yet.</p>'}`,
      ),
    );
  }
}
