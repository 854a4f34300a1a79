import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { Ctx, IdParam, ListQueryDto, OnSystem, Permission, RequestContext } from '@clientele/core';
import { AddressBooksService } from './address-books.service.js';
import { ConsumersService } from './consumers.service.js';
import { ServicesService } from './customer-services.service.js';
import {
  ON_ADDRESS_BOOK,
  ON_CONSUMER,
  ON_CONSUMER_FOR_SERVICES,
  ON_CUSTOMER_FOR_CONSUMERS,
  ON_SERVICE,
} from '../route-nodes.js';
import {
  ADDRESS_BOOK_MANAGE,
  ADDRESS_BOOK_READ,
  CONSUMER_DELETE,
  CONSUMER_READ,
  CONSUMER_WRITE,
  SERVICE_DELETE,
  SERVICE_READ,
  SERVICE_WRITE,
} from '../constants.js';
import {
  AddressBookDto,
  ConsumerDto,
  CreateServiceDto,
  UpdateAddressBookDto,
  UpdateConsumerDto,
  UpdateServiceDto,
  VersionQuery,
} from '../dto/common.dto.js';

const version = (q: VersionQuery) => (q.version !== undefined ? Number(q.version) : undefined);

@Controller('api/address-books')
export class AddressBooksController {
  constructor(private readonly books: AddressBooksService) {}
  @Get() @Permission(ADDRESS_BOOK_READ, 'on each listed address book or above') list(
    @Query() query: ListQueryDto,
    @Ctx() ctx: RequestContext,
  ) {
    return this.books.list(ctx, query);
  }
  @Post() @Permission(ADDRESS_BOOK_MANAGE, OnSystem()) create(
    @Body() body: AddressBookDto,
    @Ctx() ctx: RequestContext,
  ) {
    return this.books.create(body, ctx);
  }
  @Get(':id') @Permission(ADDRESS_BOOK_READ, ON_ADDRESS_BOOK) get(@IdParam() id: string, @Ctx() ctx: RequestContext) {
    return this.books.get(id, ctx);
  }
  @Patch(':id') @Permission(ADDRESS_BOOK_MANAGE, ON_ADDRESS_BOOK) update(
    @IdParam() id: string,
    @Body() body: UpdateAddressBookDto,
    @Ctx() ctx: RequestContext,
  ) {
    return this.books.update(id, body, ctx);
  }
}

@Controller('api')
export class ConsumersController {
  constructor(private readonly consumers: ConsumersService) {}
  @Get('customers/:id/consumers') @Permission(CONSUMER_READ, 'on each listed consumer or above') list(
    @IdParam() id: string,
    @Query() query: ListQueryDto,
    @Ctx() ctx: RequestContext,
  ) {
    return this.consumers.list(id, ctx, query);
  }
  @Post('customers/:id/consumers') @Permission(CONSUMER_WRITE, ON_CUSTOMER_FOR_CONSUMERS) create(
    @IdParam() id: string,
    @Body() body: ConsumerDto,
    @Ctx() ctx: RequestContext,
  ) {
    return this.consumers.create(id, body.name, ctx);
  }
  @Get('consumers/:id') @Permission(CONSUMER_READ, ON_CONSUMER) get(@IdParam() id: string, @Ctx() ctx: RequestContext) {
    return this.consumers.get(id, ctx);
  }
  @Patch('consumers/:id') @Permission(CONSUMER_WRITE, ON_CONSUMER) update(
    @IdParam() id: string,
    @Body() body: UpdateConsumerDto,
    @Ctx() ctx: RequestContext,
  ) {
    return this.consumers.update(id, body, ctx);
  }
  @Delete('consumers/:id') @HttpCode(204) @Permission(CONSUMER_DELETE, ON_CONSUMER) remove(
    @IdParam() id: string,
    @Query() q: VersionQuery,
    @Ctx() ctx: RequestContext,
  ) {
    return this.consumers.remove(id, version(q), ctx);
  }
  @Post('consumers/:id/restore')
  @HttpCode(200)
  @Permission(CONSUMER_DELETE, "on the consumer's customer or above (the deleted consumer's own node is disabled)")
  restore(@IdParam() id: string, @Ctx() ctx: RequestContext) {
    return this.consumers.restore(id, ctx);
  }
}

@Controller('api')
export class ServicesController {
  constructor(private readonly services: ServicesService) {}
  @Get('consumers/:id/services') @Permission(SERVICE_READ, 'on each listed service or above') list(
    @IdParam() id: string,
    @Query() query: ListQueryDto,
    @Ctx() ctx: RequestContext,
  ) {
    return this.services.list(id, ctx, query);
  }
  @Post('consumers/:id/services') @Permission(SERVICE_WRITE, ON_CONSUMER_FOR_SERVICES) create(
    @IdParam() id: string,
    @Body() body: CreateServiceDto,
    @Ctx() ctx: RequestContext,
  ) {
    return this.services.create(id, body, ctx);
  }
  @Get('services/:id')
  @Permission(SERVICE_READ, 'on the service or above (a deleted one: `contacts.service.delete` on its consumer)')
  get(@IdParam() id: string, @Ctx() ctx: RequestContext) {
    return this.services.get(id, ctx, { includeDeleted: true });
  }
  @Patch('services/:id') @Permission(SERVICE_WRITE, ON_SERVICE) update(
    @IdParam() id: string,
    @Body() body: UpdateServiceDto,
    @Ctx() ctx: RequestContext,
  ) {
    return this.services.update(id, body, ctx);
  }
  @Delete('services/:id') @HttpCode(204) @Permission(SERVICE_DELETE, ON_SERVICE) remove(
    @IdParam() id: string,
    @Query() q: VersionQuery,
    @Ctx() ctx: RequestContext,
  ) {
    return this.services.remove(id, version(q), ctx);
  }
  @Post('services/:id/restore')
  @HttpCode(200)
  @Permission(SERVICE_DELETE, "on the service's consumer or above (the deleted service's own node is disabled)")
  restore(@IdParam() id: string, @Ctx() ctx: RequestContext) {
    return this.services.restore(id, ctx);
  }
}
