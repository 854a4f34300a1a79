import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { Ctx, IdParam, ListQueryDto, RequestContext } from '@clientele/core';
import { AddressBooksService } from './address-books.service.js';
import { ConsumersService } from './consumers.service.js';
import { ServicesService } from './services.service.js';
import {
  AddressBookDto, ConsumerDto, CreateServiceDto, UpdateAddressBookDto, UpdateConsumerDto, UpdateServiceDto, VersionQuery,
} from './dto/common.dto.js';

const version = (q: VersionQuery) => (q.version !== undefined ? Number(q.version) : undefined);

@Controller('api/address-books')
export class AddressBooksController {
  constructor(private readonly books: AddressBooksService) {}
  @Get() list(@Query() query: ListQueryDto, @Ctx() ctx: RequestContext) { return this.books.list(ctx, query); }
  @Post() create(@Body() body: AddressBookDto, @Ctx() ctx: RequestContext) { return this.books.create(body, ctx); }
  @Get(':id') get(@IdParam() id: string, @Ctx() ctx: RequestContext) { return this.books.get(id, ctx); }
  @Patch(':id') update(@IdParam() id: string, @Body() body: UpdateAddressBookDto, @Ctx() ctx: RequestContext) { return this.books.update(id, body, ctx); }
}

@Controller('api')
export class ConsumersController {
  constructor(private readonly consumers: ConsumersService) {}
  @Get('customers/:id/consumers') list(@IdParam() id: string, @Query() query: ListQueryDto, @Ctx() ctx: RequestContext) { return this.consumers.list(id, ctx, query); }
  @Post('customers/:id/consumers') create(@IdParam() id: string, @Body() body: ConsumerDto, @Ctx() ctx: RequestContext) { return this.consumers.create(id, body.name, ctx); }
  @Get('consumers/:id') get(@IdParam() id: string, @Ctx() ctx: RequestContext) { return this.consumers.get(id, ctx); }
  @Patch('consumers/:id') update(@IdParam() id: string, @Body() body: UpdateConsumerDto, @Ctx() ctx: RequestContext) { return this.consumers.update(id, body, ctx); }
  @Delete('consumers/:id') @HttpCode(204) remove(@IdParam() id: string, @Query() q: VersionQuery, @Ctx() ctx: RequestContext) { return this.consumers.remove(id, version(q), ctx); }
  @Post('consumers/:id/restore') restore(@IdParam() id: string, @Ctx() ctx: RequestContext) { return this.consumers.restore(id, ctx); }
}

@Controller('api')
export class ServicesController {
  constructor(private readonly services: ServicesService) {}
  @Get('consumers/:id/services') list(@IdParam() id: string, @Query() query: ListQueryDto, @Ctx() ctx: RequestContext) { return this.services.list(id, ctx, query); }
  @Post('consumers/:id/services') create(@IdParam() id: string, @Body() body: CreateServiceDto, @Ctx() ctx: RequestContext) { return this.services.create(id, body, ctx); }
  @Get('services/:id') get(@IdParam() id: string, @Ctx() ctx: RequestContext) { return this.services.get(id, ctx, { includeDeleted: true }); }
  @Patch('services/:id') update(@IdParam() id: string, @Body() body: UpdateServiceDto, @Ctx() ctx: RequestContext) { return this.services.update(id, body, ctx); }
  @Delete('services/:id') @HttpCode(204) remove(@IdParam() id: string, @Query() q: VersionQuery, @Ctx() ctx: RequestContext) { return this.services.remove(id, version(q), ctx); }
  @Post('services/:id/restore') restore(@IdParam() id: string, @Ctx() ctx: RequestContext) { return this.services.restore(id, ctx); }
}
