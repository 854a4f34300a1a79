import { Body, Controller, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Ctx, HistoryQueryDto, IdParam, ListQueryDto, Permission, RequestContext } from '@clientele/core';
import { REQUEST_FILE, REQUEST_READ, TICKET_READ, TICKET_WRITE } from '../constants.js';
import {
  AddMessageDto,
  ChangeStateDto,
  CreateTicketDto,
  TicketListQueryDto,
  UpdateTicketDto,
} from '../dto/ticket.dto.js';
import { MessagesService } from './messages.service.js';
import { ON_TICKET } from './route-nodes.js';
import { TicketsService } from './tickets.service.js';

const READ = { node: ON_TICKET, or: REQUEST_READ };
const WRITE = {
  node: ON_TICKET,
  or: REQUEST_READ,
  where: `${TICKET_WRITE} on the ticket's area; the customer's people write messages with ${REQUEST_READ}`,
};

/** Tickets (requests). Anything the caller may not see answers 404, as if it did not exist. */
@ApiTags('helpdesk')
@ApiBearerAuth()
@Controller('api/tickets')
export class TicketsController {
  constructor(
    private readonly tickets: TicketsService,
    private readonly messages: MessagesService,
  ) {}

  /** Only tickets the caller may see, by SLA deadline unless sorted otherwise; keyset-paged. */
  @Get()
  @Permission(TICKET_READ, { or: REQUEST_READ })
  list(@Query() query: TicketListQueryDto, @Ctx() ctx: RequestContext) {
    return this.tickets.list(ctx, query);
  }

  /** Files a request: routed, measured by its SLA and announced, all in one transaction. */
  @Post()
  @Permission(REQUEST_FILE, {
    or: TICKET_WRITE,
    where: 'where the request is filed (the service, consumer or customer), or on the area for staff',
  })
  create(@Body() body: CreateTicketDto, @Ctx() ctx: RequestContext) {
    return this.tickets.create(ctx, body);
  }

  @Get(':id')
  @Permission(TICKET_READ, READ)
  get(@IdParam() id: string, @Ctx() ctx: RequestContext) {
    return this.tickets.find(ctx, id);
  }

  /** Subject, severity, assignee, area or SLA contract; 409 on a stale `version`. */
  @Patch(':id')
  @Permission(TICKET_WRITE, { node: ON_TICKET, or: REQUEST_READ, where: `${TICKET_WRITE} on the ticket's area` })
  update(@IdParam() id: string, @Body() body: UpdateTicketDto, @Ctx() ctx: RequestContext) {
    return this.tickets.update(ctx, id, body);
  }

  /** A step of the workflow (new → awaiting authorisation → open → waiting for customer → resolved → closed; reopen). */
  @Post(':id/state')
  @HttpCode(200)
  @Permission(TICKET_WRITE, { node: ON_TICKET, or: REQUEST_READ, where: `${TICKET_WRITE} on the ticket's area` })
  changeState(@IdParam() id: string, @Body() body: ChangeStateDto, @Ctx() ctx: RequestContext) {
    return this.tickets.changeState(ctx, id, body);
  }

  /** Oldest first; a private message not addressed to the caller comes without its body. */
  @Get(':id/messages')
  @Permission(TICKET_READ, READ)
  listMessages(@IdParam() id: string, @Query() query: ListQueryDto, @Ctx() ctx: RequestContext) {
    return this.messages.list(ctx, id, query);
  }

  @Post(':id/messages')
  @Permission(TICKET_WRITE, WRITE)
  addMessage(@IdParam() id: string, @Body() body: AddMessageDto, @Ctx() ctx: RequestContext) {
    return this.messages.add(ctx, id, body);
  }

  @Get(':id/history')
  @Permission(TICKET_READ, READ)
  history(@IdParam() id: string, @Query() query: HistoryQueryDto, @Ctx() ctx: RequestContext) {
    return this.tickets.historyOf(ctx, id, query);
  }

  /** Which SLA contract and level apply and why, and every clock. */
  @Get(':id/sla')
  @Permission(TICKET_READ, READ)
  sla(@IdParam() id: string, @Ctx() ctx: RequestContext) {
    return this.tickets.slaOf(ctx, id);
  }

  /** Why the ticket went to its area and assignee, with the candidates that lost. */
  @Get(':id/routing')
  @Permission(TICKET_READ, READ)
  routing(@IdParam() id: string, @Ctx() ctx: RequestContext) {
    return this.tickets.routingOf(ctx, id);
  }
}
