import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Ctx, HistoryQueryDto, IdParam, ListQueryDto, OnSystem, Permission, RequestContext } from '@clientele/core';
import { IN_CUSTOMER, IN_GROUP, ON_CARRYING_GROUP, ON_CUSTOMER, ON_GROUP, ON_PRICES_CUSTOMER } from '../route-nodes.js';
import { PRICE_READ, PRICING_MANAGE, PRICING_READ } from '../constants.js';
import {
  AttachPriceListDto,
  CatalogueQueryDto,
  CreateIndividualPriceDto,
  CreatePriceListDto,
  CreatePriceListItemDto,
  CreateProductDto,
  CreateQuoteDto,
  MovePriceListDto,
  PriceQueryDto,
  UpdateIndividualPriceDto,
  UpdatePriceListDto,
  UpdatePriceListItemDto,
  UpdateProductDto,
} from '../dto/pricing.dto.js';
import { CatalogueService } from './catalogue.service.js';
import { CustomerPricesService } from './customer-prices.service.js';
import { JsonText, PricingService } from './pricing.service.js';

const SYSTEM = OnSystem();

@ApiTags('customer-groups pricing')
@ApiBearerAuth()
@Controller('api/products')
export class ProductsController {
  constructor(private readonly catalogue: CatalogueService) {}

  /** `q` searches code and name; `filter[currency]`, `filter[serviceTemplateId]`; `sort=code|name`. */
  @Get() @Permission(PRICING_READ, SYSTEM) list(@Query() query: CatalogueQueryDto, @Ctx() ctx: RequestContext) {
    return this.catalogue.products(ctx, query);
  }
  /** 409 `PRODUCT_CODE_TAKEN`. */
  @Post() @Permission(PRICING_MANAGE, SYSTEM) create(@Body() body: CreateProductDto, @Ctx() ctx: RequestContext) {
    return this.catalogue.createProduct(ctx, body);
  }
  @Get(':id') @Permission(PRICING_READ, SYSTEM) get(@IdParam() id: string, @Ctx() ctx: RequestContext) {
    return this.catalogue.product(ctx, id);
  }
  @Patch(':id') @Permission(PRICING_MANAGE, SYSTEM) update(
    @IdParam() id: string,
    @Body() body: UpdateProductDto,
    @Ctx() ctx: RequestContext,
  ) {
    return this.catalogue.updateProduct(ctx, id, body);
  }
  /** 409 `PRODUCT_PRICED` while a price list or individual price prices it. */
  @Delete(':id') @HttpCode(204) @Permission(PRICING_MANAGE, SYSTEM) remove(
    @IdParam() id: string,
    @Ctx() ctx: RequestContext,
  ) {
    return this.catalogue.removeProduct(ctx, id);
  }
  @Get(':id/history') @Permission(PRICING_READ, SYSTEM) history(
    @IdParam() id: string,
    @Query() query: HistoryQueryDto,
    @Ctx() ctx: RequestContext,
  ) {
    return this.catalogue.productHistory(ctx, id, query);
  }
}

@ApiTags('customer-groups pricing')
@ApiBearerAuth()
@Controller('api/price-lists')
export class PriceListsController {
  constructor(private readonly catalogue: CatalogueService) {}

  @Get() @Permission(PRICING_READ, SYSTEM) list(@Query() query: CatalogueQueryDto, @Ctx() ctx: RequestContext) {
    return this.catalogue.priceLists(ctx, query);
  }
  @Post() @Permission(PRICING_MANAGE, SYSTEM) create(@Body() body: CreatePriceListDto, @Ctx() ctx: RequestContext) {
    return this.catalogue.createPriceList(ctx, body);
  }
  @Get(':id') @Permission(PRICING_READ, SYSTEM) get(@IdParam() id: string, @Ctx() ctx: RequestContext) {
    return this.catalogue.priceList(ctx, id);
  }
  /** 409 `PRICE_RULE_TIE` when the new days make one of its prices tie with another group's. */
  @Patch(':id') @Permission(PRICING_MANAGE, SYSTEM) update(
    @IdParam() id: string,
    @Body() body: UpdatePriceListDto,
    @Ctx() ctx: RequestContext,
  ) {
    return this.catalogue.updatePriceList(ctx, id, body);
  }
  @Delete(':id') @HttpCode(204) @Permission(PRICING_MANAGE, SYSTEM) remove(
    @IdParam() id: string,
    @Ctx() ctx: RequestContext,
  ) {
    return this.catalogue.removePriceList(ctx, id);
  }
  @Post(':id/restore') @HttpCode(200) @Permission(PRICING_MANAGE, SYSTEM) restore(
    @IdParam() id: string,
    @Ctx() ctx: RequestContext,
  ) {
    return this.catalogue.restorePriceList(ctx, id);
  }
  @Get(':id/history') @Permission(PRICING_READ, SYSTEM) history(
    @IdParam() id: string,
    @Query() query: HistoryQueryDto,
    @Ctx() ctx: RequestContext,
  ) {
    return this.catalogue.priceListHistory(ctx, id, query);
  }
  @Get(':id/items') @Permission(PRICING_READ, SYSTEM) items(
    @IdParam() id: string,
    @Query() query: ListQueryDto,
    @Ctx() ctx: RequestContext,
  ) {
    return this.catalogue.items(ctx, id, query);
  }
}

@ApiTags('customer-groups pricing')
@ApiBearerAuth()
@Controller('api/price-list-items')
export class PriceListItemsController {
  constructor(private readonly catalogue: CatalogueService) {}

  /** 409 `ITEM_EXISTS` (same product and minimum quantity in the list) or `PRICE_RULE_TIE`. */
  @Post() @Permission(PRICING_MANAGE, SYSTEM) create(@Body() body: CreatePriceListItemDto, @Ctx() ctx: RequestContext) {
    return this.catalogue.addItem(ctx, body);
  }
  @Get(':id') @Permission(PRICING_READ, SYSTEM) get(@IdParam() id: string, @Ctx() ctx: RequestContext) {
    return this.catalogue.item(ctx, id);
  }
  @Patch(':id') @Permission(PRICING_MANAGE, SYSTEM) update(
    @IdParam() id: string,
    @Body() body: UpdatePriceListItemDto,
    @Ctx() ctx: RequestContext,
  ) {
    return this.catalogue.updateItem(ctx, id, body);
  }
  @Delete(':id') @HttpCode(204) @Permission(PRICING_MANAGE, SYSTEM) remove(
    @IdParam() id: string,
    @Ctx() ctx: RequestContext,
  ) {
    return this.catalogue.removeItem(ctx, id);
  }
  @Get(':id/history') @Permission(PRICING_READ, SYSTEM) history(
    @IdParam() id: string,
    @Query() query: HistoryQueryDto,
    @Ctx() ctx: RequestContext,
  ) {
    return this.catalogue.itemHistory(ctx, id, query);
  }
}

@ApiTags('customer-groups pricing')
@ApiBearerAuth()
@Controller('api/customer-groups/:id/price-lists')
export class GroupPriceListsController {
  constructor(private readonly prices: CustomerPricesService) {}

  /** The lists the group carries, position 1 first. */
  @Get() @Permission(PRICING_READ, ON_GROUP) list(
    @IdParam() id: string,
    @Query() query: ListQueryDto,
    @Ctx() ctx: RequestContext,
  ) {
    return this.prices.groupLists(ctx, id, query);
  }
}

@ApiTags('customer-groups pricing')
@ApiBearerAuth()
@Controller('api/customer-group-price-lists')
export class CarriedPriceListsController {
  constructor(private readonly prices: CustomerPricesService) {}

  /** The group (`groupId`) carries the list at `position`; 409 `POSITION_TAKEN`, `LIST_ALREADY_CARRIED` or `PRICE_RULE_TIE`. */
  @Post() @Permission(PRICING_MANAGE, IN_GROUP) attach(@Body() body: AttachPriceListDto, @Ctx() ctx: RequestContext) {
    return this.prices.attach(ctx, body);
  }
  @Get(':id') @Permission(PRICING_READ, ON_CARRYING_GROUP) get(@IdParam() id: string, @Ctx() ctx: RequestContext) {
    return this.prices.carriedList(ctx, id);
  }
  @Patch(':id') @Permission(PRICING_MANAGE, ON_CARRYING_GROUP) move(
    @IdParam() id: string,
    @Body() body: MovePriceListDto,
    @Ctx() ctx: RequestContext,
  ) {
    return this.prices.move(ctx, id, body);
  }
  @Delete(':id') @HttpCode(204) @Permission(PRICING_MANAGE, ON_CARRYING_GROUP) detach(
    @IdParam() id: string,
    @Ctx() ctx: RequestContext,
  ) {
    return this.prices.detach(ctx, id);
  }
  @Get(':id/history') @Permission(PRICING_READ, ON_CARRYING_GROUP) history(
    @IdParam() id: string,
    @Query() query: HistoryQueryDto,
    @Ctx() ctx: RequestContext,
  ) {
    return this.prices.groupListHistory(ctx, id, query);
  }
}

@ApiTags('customer-groups pricing')
@ApiBearerAuth()
@Controller('api/customers/:id')
export class CustomerPricingController {
  constructor(
    private readonly pricing: PricingService,
    private readonly prices: CustomerPricesService,
  ) {}

  /**
   * The price of `product` (id or code) for `quantity` (1) on `date` (today in the operator's
   * time zone) and why: the rule that decided and every candidate that lost, with the reason.
   * Without `product`: the whole catalogue, one entry per product. `why=false`: the price and
   * the deciding rule's id and kind only.
   */
  @Get('prices')
  @Permission(PRICE_READ, ON_CUSTOMER)
  async price(
    @IdParam() id: string,
    @Query() query: PriceQueryDto,
    @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const answer = await this.pricing.prices(ctx, id, query);
    if (!(answer instanceof JsonText)) return answer;
    // The catalogue comes written as JSON by its statement: sent as it is, not parsed and serialised again.
    reply.header('content-type', 'application/json; charset=utf-8');
    return answer.text;
  }

  /** Records the price with the rule that decided it; later changes to lists never change a quote. */
  @Post('quotes')
  @Permission(PRICE_READ, ON_CUSTOMER)
  quote(@IdParam() id: string, @Body() body: CreateQuoteDto, @Ctx() ctx: RequestContext) {
    return this.pricing.quote(ctx, id, body);
  }

  @Get('quotes/:quoteId')
  @Permission(PRICE_READ, ON_CUSTOMER)
  getQuote(@IdParam() id: string, @IdParam('quoteId') quoteId: string, @Ctx() ctx: RequestContext) {
    return this.pricing.getQuote(ctx, id, quoteId);
  }

  @Get('individual-prices')
  @Permission(PRICE_READ, ON_CUSTOMER)
  individual(@IdParam() id: string, @Query() query: ListQueryDto, @Ctx() ctx: RequestContext) {
    return this.prices.individual(ctx, id, query);
  }
}

@ApiTags('customer-groups pricing')
@ApiBearerAuth()
@Controller('api/individual-prices')
export class IndividualPricesController {
  constructor(private readonly prices: CustomerPricesService) {}

  /** A price for the customer (`customerId`); 409 `PRICE_RULE_TIE` when another of the product at the same minimum quantity overlaps its days. */
  @Post() @Permission(PRICING_MANAGE, IN_CUSTOMER) create(
    @Body() body: CreateIndividualPriceDto,
    @Ctx() ctx: RequestContext,
  ) {
    return this.prices.addIndividual(ctx, body);
  }
  @Get(':id') @Permission(PRICE_READ, ON_PRICES_CUSTOMER) get(@IdParam() id: string, @Ctx() ctx: RequestContext) {
    return this.prices.individualPrice(ctx, id);
  }
  @Patch(':id') @Permission(PRICING_MANAGE, ON_PRICES_CUSTOMER) update(
    @IdParam() id: string,
    @Body() body: UpdateIndividualPriceDto,
    @Ctx() ctx: RequestContext,
  ) {
    return this.prices.updateIndividual(ctx, id, body);
  }
  @Delete(':id') @HttpCode(204) @Permission(PRICING_MANAGE, ON_PRICES_CUSTOMER) remove(
    @IdParam() id: string,
    @Ctx() ctx: RequestContext,
  ) {
    return this.prices.removeIndividual(ctx, id);
  }
  @Get(':id/history') @Permission(PRICE_READ, ON_PRICES_CUSTOMER) history(
    @IdParam() id: string,
    @Query() query: HistoryQueryDto,
    @Ctx() ctx: RequestContext,
  ) {
    return this.prices.individualHistory(ctx, id, query);
  }
}
