import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { Ctx, IdParam, ListQueryDto, Permission, RequestContext } from '@clientele/core';
import { ON_CUSTOMER } from '../route-nodes.js';
import { CUSTOMER_DELETE, CUSTOMER_READ, CUSTOMER_WRITE, SUPPORT_VALUES_WRITE } from '../constants.js';
import { CustomersService } from './customers.service.js';
import { CreateCustomerDto, MoveCustomerDto, SupportValueDto, UpdateCustomerDto } from '../dto/customer.dto.js';
import { VersionQuery } from '../dto/common.dto.js';

@Controller('api/customers')
export class CustomersController {
  constructor(private readonly customers: CustomersService) {}

  /** Search and list: `q`, `filter[state|addressBook|accountManager|supportSpecialist|support.<code>|custom.<key>]`, `sort=name|number|createdAt`. */
  @Get()
  @Permission(
    CUSTOMER_READ,
    'on each listed customer or above (deleted ones: `contacts.customer.delete` on their address book)',
  )
  list(@Query() query: ListQueryDto, @Ctx() ctx: RequestContext) {
    return this.customers.list(ctx, query);
  }

  /**
   * Any activated user may create a customer and becomes its Administrator; choosing the
   * address book needs `contacts.address_book.read` there, giving the `number` needs
   * `contacts.customer.write` there (checked by the service, where the book is known).
   */
  @Post()
  async create(@Body() body: CreateCustomerDto, @Ctx() ctx: RequestContext) {
    const customer = await this.customers.create(body, ctx);
    return this.customers.get(customer.id, ctx);
  }

  @Get(':id') @Permission(CUSTOMER_READ, ON_CUSTOMER) get(@IdParam() id: string, @Ctx() ctx: RequestContext) {
    return this.customers.get(id, ctx);
  }
  @Patch(':id') @Permission(CUSTOMER_WRITE, ON_CUSTOMER) update(
    @IdParam() id: string,
    @Body() body: UpdateCustomerDto,
    @Ctx() ctx: RequestContext,
  ) {
    return this.customers.update(id, body, ctx);
  }
  @Delete(':id') @HttpCode(204) @Permission(CUSTOMER_DELETE, ON_CUSTOMER) remove(
    @IdParam() id: string,
    @Query() query: VersionQuery,
    @Ctx() ctx: RequestContext,
  ) {
    return this.customers.remove(id, query.version !== undefined ? Number(query.version) : undefined, ctx);
  }
  @Post(':id/restore')
  @HttpCode(200)
  @Permission(CUSTOMER_DELETE, "on the customer's address book or above (the deleted customer's own node is disabled)")
  restore(@IdParam() id: string, @Ctx() ctx: RequestContext) {
    return this.customers.restore(id, ctx);
  }
  @Post(':id/move')
  @Permission(CUSTOMER_WRITE, { node: ON_CUSTOMER, where: 'on the customer and on the target address book (or above)' })
  move(@IdParam() id: string, @Body() body: MoveCustomerDto, @Ctx() ctx: RequestContext) {
    return this.customers.move(id, body.addressBookId, body.version, ctx);
  }
  @Get(':id/history')
  @Permission(
    CUSTOMER_READ,
    'on the customer or above (of a deleted one: `contacts.customer.delete` on its address book)',
  )
  history(@IdParam() id: string, @Query() query: ListQueryDto, @Ctx() ctx: RequestContext) {
    return this.customers.historyOf(id, ctx, query);
  }
  @Put(':id/support-values/:code') @Permission(SUPPORT_VALUES_WRITE, ON_CUSTOMER) setSupportValue(
    @IdParam() id: string,
    @Param('code') code: string,
    @Body() body: SupportValueDto,
    @Ctx() ctx: RequestContext,
  ) {
    return this.customers.setSupportValue(id, code, body, ctx);
  }
}
