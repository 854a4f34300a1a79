import { Body, Controller, Get, Patch, Post, Query, HttpCode } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Ctx, HistoryQueryDto, IdParam, Permission, RequestContext } from '@clientele/core';
import { BILLING_CUSTOMER_READ, BILLING_CUSTOMER_WRITE } from '../constants.js';
import {
  BillingAccountListQueryDto,
  MoveBillingAccountDto,
  UpdateBillingAccountDto,
} from '../dto/billing-account.dto.js';
import { BillingAccountsService } from './billing-accounts.service.js';

const WHERE = 'on the customer (or above) or on its billing group';

/** Customers' billing: the card's billing tab (`:id` is the customer's id), balance and score, the group they belong to. */
@ApiTags('billing')
@ApiBearerAuth()
@Controller('api/billing-accounts')
export class BillingAccountsController {
  constructor(private readonly accounts: BillingAccountsService) {}

  /** By name; filter and sort by balance (`balanceMinor`) and score (`scoreTotal`, `scoreAverage`), `filter[nonPayer]`, `filter[groupId]`. */
  @Get()
  @Permission(BILLING_CUSTOMER_READ, WHERE)
  list(@Query() query: BillingAccountListQueryDto, @Ctx() ctx: RequestContext) {
    return this.accounts.list(ctx, query);
  }

  @Get(':id')
  @Permission(BILLING_CUSTOMER_READ, WHERE)
  get(@IdParam() id: string, @Ctx() ctx: RequestContext) {
    return this.accounts.get(ctx, id);
  }

  /** 409 with `currentVersion` on a stale `version`; 409 `SYMBOL_TAKEN` when an extra symbol names another customer. */
  @Patch(':id')
  @Permission(BILLING_CUSTOMER_WRITE, WHERE)
  update(@IdParam() id: string, @Body() body: UpdateBillingAccountDto, @Ctx() ctx: RequestContext) {
    return this.accounts.update(ctx, id, body);
  }

  /** Moves the customer to another billing group (kept in the account's history); needs the right on the target group too. */
  @Post(':id/move')
  @HttpCode(200)
  @Permission(BILLING_CUSTOMER_WRITE, WHERE)
  move(@IdParam() id: string, @Body() body: MoveBillingAccountDto, @Ctx() ctx: RequestContext) {
    return this.accounts.move(ctx, id, body);
  }

  @Get(':id/history')
  @Permission(BILLING_CUSTOMER_READ, WHERE)
  history(@IdParam() id: string, @Query() query: HistoryQueryDto, @Ctx() ctx: RequestContext) {
    return this.accounts.historyOf(ctx, id, query);
  }
}
