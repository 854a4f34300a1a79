import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { CATALOG_MANAGE, CUSTOMER_TYPE } from '../constants.js';
import { Ctx, CustomFieldsService, IdParam, ListQueryDto, OnSystem, Permission, RequestContext } from '@clientele/core';
import { CatalogService } from './catalog-records.service.js';
import { CustomerState } from '../entities/customer-state.entity.js';
import { ServiceTemplate } from '../entities/service-template.entity.js';
import { SupportParameter } from '../entities/support-parameter.entity.js';
import {
  CustomVariableDto,
  CustomerStateDto,
  ServiceTemplateDto,
  SupportParameterDto,
  UpdateCustomVariableDto,
  UpdateCustomerStateDto,
  UpdateServiceTemplateDto,
  UpdateSupportParameterDto,
} from '../dto/common.dto.js';

/* Reading the operator's lists needs only a signed-in user; changing them, `contacts.catalog.manage` on the system. */

@Controller('api/service-templates')
export class ServiceTemplatesController {
  constructor(private readonly catalog: CatalogService) {}
  @Get() list(@Query() query: ListQueryDto) {
    return this.catalog.list(ServiceTemplate, query);
  }
  @Get(':id') get(@IdParam() id: string) {
    return this.catalog.get(ServiceTemplate, id);
  }
  @Post() @Permission(CATALOG_MANAGE, OnSystem()) create(@Body() body: ServiceTemplateDto, @Ctx() ctx: RequestContext) {
    return this.catalog.create(ServiceTemplate, { defaultSettings: {}, isActive: true, ...body }, ctx);
  }
  @Patch(':id') @Permission(CATALOG_MANAGE, OnSystem()) update(
    @IdParam() id: string,
    @Body() { version, ...patch }: UpdateServiceTemplateDto,
    @Ctx() ctx: RequestContext,
  ) {
    return this.catalog.update(ServiceTemplate, id, version, patch, ctx);
  }
}

@Controller('api/customer-states')
export class CustomerStatesController {
  constructor(private readonly catalog: CatalogService) {}
  @Get() list(@Query() query: ListQueryDto) {
    return this.catalog.list(CustomerState, query, 'position');
  }
  @Post() @Permission(CATALOG_MANAGE, OnSystem()) create(@Body() body: CustomerStateDto, @Ctx() ctx: RequestContext) {
    return this.catalog.create(CustomerState, { color: null, position: 0, ...body }, ctx);
  }
  @Patch(':id') @Permission(CATALOG_MANAGE, OnSystem()) update(
    @IdParam() id: string,
    @Body() { version, ...patch }: UpdateCustomerStateDto,
    @Ctx() ctx: RequestContext,
  ) {
    return this.catalog.update(CustomerState, id, version, patch, ctx);
  }
  @Delete(':id') @HttpCode(204) @Permission(CATALOG_MANAGE, OnSystem()) remove(
    @IdParam() id: string,
    @Ctx() ctx: RequestContext,
  ) {
    return this.catalog.remove(CustomerState, id, ctx);
  }
}

@Controller('api/support-parameters')
export class SupportParametersController {
  constructor(private readonly catalog: CatalogService) {}
  @Get() list(@Query() query: ListQueryDto) {
    return this.catalog.list(SupportParameter, query, 'position');
  }
  @Post() @Permission(CATALOG_MANAGE, OnSystem()) create(
    @Body() body: SupportParameterDto,
    @Ctx() ctx: RequestContext,
  ) {
    return this.catalog.create(SupportParameter, { visibleToCustomer: false, visibleToStaff: true, ...body }, ctx);
  }
  @Patch(':id') @Permission(CATALOG_MANAGE, OnSystem()) update(
    @IdParam() id: string,
    @Body() { version, ...patch }: UpdateSupportParameterDto,
    @Ctx() ctx: RequestContext,
  ) {
    return this.catalog.update(SupportParameter, id, version, patch, ctx);
  }
  @Delete(':id') @HttpCode(204) @Permission(CATALOG_MANAGE, OnSystem()) remove(
    @IdParam() id: string,
    @Ctx() ctx: RequestContext,
  ) {
    return this.catalog.remove(SupportParameter, id, ctx);
  }
}

/** Custom variables of customers: core custom fields of record type `customer`. */
@Controller('api/customer-variables')
export class CustomerVariablesController {
  constructor(private readonly fields: CustomFieldsService) {}
  @Get() async list() {
    const items = await this.fields.definitions(CUSTOMER_TYPE);
    return { items, nextCursor: null, total: items.length };
  }
  @Post() @Permission(CATALOG_MANAGE, OnSystem()) async create(
    @Body() body: CustomVariableDto,
    @Ctx() ctx: RequestContext,
  ) {
    return this.fields.create(CUSTOMER_TYPE, body, ctx);
  }
  @Patch(':id') @Permission(CATALOG_MANAGE, OnSystem()) async update(
    @IdParam() id: string,
    @Body() { version, ...patch }: UpdateCustomVariableDto,
    @Ctx() ctx: RequestContext,
  ) {
    return this.fields.update(CUSTOMER_TYPE, id, version, patch as any, ctx);
  }
  @Delete(':id') @HttpCode(204) @Permission(CATALOG_MANAGE, OnSystem()) async remove(@IdParam() id: string) {
    return this.fields.remove(CUSTOMER_TYPE, id);
  }
}
