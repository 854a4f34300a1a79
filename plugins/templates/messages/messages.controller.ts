import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Ctx, IdParam, NodeIn, Permission, RequestContext } from '@clientele/core';
import { CUSTOMER_READ } from '@clientele/contacts';
import { MESSAGES_READ, MESSAGES_SEND } from '../constants.js';
import { BulkEmailDto, MessageListQueryDto, ResendDto, SendEmailDto } from '../dto/message.dto.js';
import { BulkSends } from './bulk-sends.js';
import { MessagesService } from './messages.service.js';

const ON_CUSTOMER = NodeIn({ body: 'customerId' }, { seenWith: CUSTOMER_READ, where: 'on the customer or above' });

/** The outbox as people see it: what was sent to a customer, and whether it arrived. */
@ApiTags('messages')
@ApiBearerAuth()
@Controller('api')
export class MessagesController {
  constructor(
    private readonly messages: MessagesService,
    private readonly bulk: BulkSends,
  ) {}

  /** Queues an e-mail to the customer `customerId` (202 with the message, status `queued`). */
  @Post('messages')
  @HttpCode(202)
  @Permission(MESSAGES_SEND, ON_CUSTOMER)
  sendEmail(@Body() body: SendEmailDto, @Ctx() ctx: RequestContext) {
    return this.messages.sendEmail(ctx, body);
  }

  /**
   * Sends a template to every customer `GET /api/customers?q=…&filter[…]=…` shows the caller
   * (and the caller may send to): 202 with the job id; progress and the counts (queued,
   * skipped without an address, notAllowed) at `GET /api/jobs/:id`.
   */
  @Post('messages/bulk')
  @HttpCode(202)
  @Permission(MESSAGES_SEND, 'on each customer sent to or above; only customers the caller may read are sent to')
  sendBulk(@Body() body: BulkEmailDto, @Ctx() ctx: RequestContext) {
    return this.bulk.start(ctx, body);
  }

  /** Newest first; `filter[status]` (queued, sending, sent, failed), `filter[channel]`, `filter[customerId]`. */
  @Get('messages')
  @Permission(MESSAGES_READ)
  list(@Query() query: MessageListQueryDto, @Ctx() ctx: RequestContext) {
    return this.messages.list(ctx, query);
  }

  @Get('messages/:id')
  @Permission(MESSAGES_READ)
  get(@IdParam() id: string, @Ctx() ctx: RequestContext) {
    return this.messages.get(ctx, id);
  }

  /** A failed message goes out again with the same Message-ID. */
  @Post('messages/:id/resend')
  @HttpCode(202)
  @Permission(MESSAGES_SEND)
  resend(@IdParam() id: string, @Body() body: ResendDto, @Ctx() ctx: RequestContext) {
    return this.messages.resend(ctx, id, body.priority);
  }
}
