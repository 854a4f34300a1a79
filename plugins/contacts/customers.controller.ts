import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { Ctx, IdParam, ListQueryDto, RequestContext } from '@clientele/core';
import { CustomersService } from './customers.service.js';
import { CreateCustomerDto, MoveCustomerDto, SupportValueDto, UpdateCustomerDto } from './dto/customer.dto.js';
import { VersionQuery } from './dto/common.dto.js';

@Controller('api/customers')
export class CustomersController {
  constructor(private readonly customers: CustomersService) {}

  /** Search and list: `q`, `filter[state|addressBook|accountManager|supportSpecialist|support.<code>|custom.<key>]`, `sort=name|number|createdAt`. */
  @Get() list(@Query() query: ListQueryDto, @Ctx() ctx: RequestContext) { return this.customers.list(ctx, query); }

  @Post() async create(@Body() body: CreateCustomerDto, @Ctx() ctx: RequestContext) {
    const customer = await this.customers.create(body, ctx);
    return this.customers.get(customer.id, ctx);
  }

  @Get(':id') get(@IdParam() id: string, @Ctx() ctx: RequestContext) { return this.customers.get(id, ctx); }
  @Patch(':id') update(@IdParam() id: string, @Body() body: UpdateCustomerDto, @Ctx() ctx: RequestContext) { return this.customers.update(id, body, ctx); }
  @Delete(':id') @HttpCode(204) remove(@IdParam() id: string, @Query() query: VersionQuery, @Ctx() ctx: RequestContext) {
    return this.customers.remove(id, query.version !== undefined ? Number(query.version) : undefined, ctx);
  }
  @Post(':id/restore') restore(@IdParam() id: string, @Ctx() ctx: RequestContext) { return this.customers.restore(id, ctx); }
  @Post(':id/move') move(@IdParam() id: string, @Body() body: MoveCustomerDto, @Ctx() ctx: RequestContext) {
    return this.customers.move(id, body.addressBookId, body.version, ctx);
  }
  @Get(':id/history') history(@IdParam() id: string, @Query() query: ListQueryDto, @Ctx() ctx: RequestContext) { return this.customers.historyOf(id, ctx, query); }
  @Put(':id/support-values/:code') setSupportValue(@IdParam() id: string, @Param('code') code: string, @Body() body: SupportValueDto, @Ctx() ctx: RequestContext) {
    return this.customers.setSupportValue(id, code, body, ctx);
  }
}
