import { Body, Controller, Delete, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Ctx, HistoryQueryDto, IdParam, ListQueryDto, NodeOf, Permission, RequestContext } from '@clientele/core';
import { CUSTOMER_READ, CUSTOMER_USERS_MANAGE, CUSTOMER_USERS_READ, Customer } from '@clientele/contacts';
import { CreateQuickAccountDto, NewQuickAccountDto, QuickAccountsQueryDto } from '../dto/quick-account.dto.js';
import { QuickAccount } from '../entities/quick-account.entity.js';
import { QuickAccountsService } from './quick-accounts.service.js';

const ON_CUSTOMER = NodeOf(Customer, { seenWith: CUSTOMER_READ });
const ON_BODY_CUSTOMER = NodeOf(Customer, { from: { body: 'customerId' }, seenWith: CUSTOMER_READ });
const ON_ACCOUNT = NodeOf(QuickAccount, { seenWith: CUSTOMER_USERS_READ, where: "on the account's customer or above" });

/** Quick-request accounts of a customer, managed by its administrators and the operator. */
@ApiTags('helpdesk')
@ApiBearerAuth()
@Controller('api')
export class QuickAccountsController {
  constructor(private readonly accounts: QuickAccountsService) {}

  @Get('customers/:id/quick-accounts')
  @Permission(CUSTOMER_USERS_READ, ON_CUSTOMER)
  listOfCustomer(@IdParam() id: string, @Query() query: ListQueryDto, @Ctx() ctx: RequestContext) {
    return this.accounts.list(ctx, { ...query, filter: { ...query.filter, customerId: id } } as ListQueryDto);
  }

  /** Answers the account and its `key` (account id and secret), shown only now: the request form opens at `/helpdesk/request/<key>`. */
  @Post('customers/:id/quick-accounts')
  @Permission(CUSTOMER_USERS_MANAGE, ON_CUSTOMER)
  create(@IdParam() id: string, @Body() body: CreateQuickAccountDto, @Ctx() ctx: RequestContext) {
    return this.accounts.create(ctx, id, body);
  }

  /** Accounts of every customer whose users the caller may see; `filter[customerId]`. */
  @Get('quick-accounts')
  @Permission(CUSTOMER_USERS_READ)
  list(@Query() query: QuickAccountsQueryDto, @Ctx() ctx: RequestContext) {
    return this.accounts.list(ctx, query);
  }

  /** As `POST /api/customers/:id/quick-accounts`, the customer named in the body. */
  @Post('quick-accounts')
  @Permission(CUSTOMER_USERS_MANAGE, ON_BODY_CUSTOMER)
  createFor(@Body() body: NewQuickAccountDto, @Ctx() ctx: RequestContext) {
    return this.accounts.create(ctx, body.customerId, body);
  }

  @Get('quick-accounts/:id')
  @Permission(CUSTOMER_USERS_READ, ON_ACCOUNT)
  get(@IdParam() id: string) {
    return this.accounts.get(id);
  }

  @Get('quick-accounts/:id/history')
  @Permission(CUSTOMER_USERS_READ, ON_ACCOUNT)
  history(@IdParam() id: string, @Query() query: HistoryQueryDto, @Ctx() ctx: RequestContext) {
    return this.accounts.historyOf(ctx, id, query);
  }

  /** A new secret (the old one stops working), shown only in this answer; unlocks the account. */
  @Post('quick-accounts/:id/rotate')
  @HttpCode(200)
  @Permission(CUSTOMER_USERS_MANAGE, ON_ACCOUNT)
  rotate(@IdParam() id: string, @Ctx() ctx: RequestContext) {
    return this.accounts.rotate(ctx, id);
  }

  @Delete('quick-accounts/:id')
  @HttpCode(204)
  @Permission(CUSTOMER_USERS_MANAGE, ON_ACCOUNT)
  remove(@IdParam() id: string, @Ctx() ctx: RequestContext) {
    return this.accounts.remove(ctx, id);
  }
}
