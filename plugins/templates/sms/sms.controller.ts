import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Ctx, NodeIn, Permission, RequestContext } from '@clientele/core';
import { CUSTOMER_READ } from '@clientele/contacts';
import { MESSAGES_SEND } from '../constants.js';
import { SendSmsDto, SmsPartsDto } from '../dto/sms.dto.js';
import { SmsService } from './sms.service.js';

const ON_CUSTOMER = NodeIn({ body: 'customerId' }, { seenWith: CUSTOMER_READ, where: 'on the customer or above' });

/** SMS to a customer's mobile or a technician, and the counter a sender watches while typing. */
@ApiTags('messages')
@ApiBearerAuth()
@Controller('api')
export class SmsController {
  constructor(private readonly sms: SmsService) {}

  /** Queues the SMS (one message per piece when long texts are split); 422 `SMS_NOT_CONFIGURED` without a gateway. */
  @Post('messages/sms')
  @HttpCode(202)
  @Permission(MESSAGES_SEND, ON_CUSTOMER)
  send(@Body() body: SendSmsDto, @Ctx() ctx: RequestContext) {
    return this.sms.send(ctx, body);
  }

  /** Characters, parts and encoding (GSM-7 or UCS-2) of a text, and the pieces it is split into. */
  @Get('sms/parts')
  @Permission(MESSAGES_SEND)
  partsOf(@Query() query: SmsPartsDto) {
    return this.sms.parts(query.text);
  }

  /** The same for a text too long for a URL. */
  @Post('sms/parts')
  @HttpCode(200)
  @Permission(MESSAGES_SEND)
  count(@Body() body: SmsPartsDto) {
    return this.sms.parts(body.text);
  }

  /** Whether SMS can be sent at all: the SMS action is offered only when a gateway is configured. */
  @Get('sms/gateway')
  @Permission(MESSAGES_SEND)
  gateway() {
    return this.sms.status();
  }
}
