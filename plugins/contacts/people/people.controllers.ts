import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { IsBoolean, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { Ctx, CustomFieldsService, IdParam, ListQueryDto, Permission, RequestContext } from '@clientele/core';
import { CUSTOMER_READ, CUSTOMER_TYPE, CUSTOMER_USERS_MANAGE, CUSTOMER_USERS_READ } from '../constants.js';
import { CustomerPeopleService } from './customer-people.service.js';
import { CustomersService } from '../customers/customers.service.js';
import { CustomerView } from '../customers/customer-view.js';
import { LandingService } from './landing.service.js';
import { ON_CUSTOMER, ON_PERSONS_CUSTOMER } from '../route-nodes.js';
import { GrantInCustomerDto, PortalLoginDto, VersionDto } from '../dto/common.dto.js';

class ContactPersonDto {
  @IsString() @MinLength(1) @MaxLength(200) name: string;
  @IsOptional() @IsString() @MaxLength(200) position?: string | null;
  @IsOptional() @IsString() @MaxLength(320) email?: string | null;
  @IsOptional() @IsString() @MaxLength(320) secondaryEmail?: string | null;
  @IsOptional() @IsString() @MaxLength(40) phone?: string | null;
  @IsOptional() @IsString() @MaxLength(40) mobile?: string | null;
  @IsOptional() @IsBoolean() isEmployee?: boolean;
}

class UpdateContactPersonDto extends VersionDto {
  @IsOptional() @IsString() @MinLength(1) @MaxLength(200) name?: string;
  @IsOptional() @IsString() @MaxLength(200) position?: string | null;
  @IsOptional() @IsString() @MaxLength(320) email?: string | null;
  @IsOptional() @IsString() @MaxLength(320) secondaryEmail?: string | null;
  @IsOptional() @IsString() @MaxLength(40) phone?: string | null;
  @IsOptional() @IsString() @MaxLength(40) mobile?: string | null;
  @IsOptional() @IsBoolean() isEmployee?: boolean;
}

@Controller('api')
export class CustomerPeopleController {
  constructor(
    private readonly people: CustomerPeopleService,
    private readonly customers: CustomersService,
    private readonly view: CustomerView,
    private readonly fields: CustomFieldsService,
  ) {}

  @Get('customers/:id/users') @Permission(CUSTOMER_USERS_READ, ON_CUSTOMER) users(
    @IdParam() id: string,
    @Query() query: ListQueryDto,
    @Ctx() ctx: RequestContext,
  ) {
    return this.people.users(id, ctx, query);
  }
  @Post('customers/:id/grants')
  @Permission(CUSTOMER_USERS_MANAGE, {
    node: ON_CUSTOMER,
    where:
      'on the customer or above, and `core.access.manage` plus every permission of the role on the node granted on',
  })
  grant(@IdParam() id: string, @Body() body: GrantInCustomerDto, @Ctx() ctx: RequestContext) {
    return this.people.grant(id, body, ctx);
  }
  /** Creates an employee with a portal login; the answer carries the generated password, shown this once. */
  @Post('customers/:id/portal-users') @Permission(CUSTOMER_USERS_MANAGE, ON_CUSTOMER) portalUser(
    @IdParam() id: string,
    @Body() body: PortalLoginDto,
    @Ctx() ctx: RequestContext,
  ) {
    return this.people.createPortalLogin(id, body, ctx);
  }

  @Get('customers/:id/contact-persons') @Permission(CUSTOMER_USERS_READ, ON_CUSTOMER) persons(
    @IdParam() id: string,
    @Query() query: ListQueryDto,
    @Ctx() ctx: RequestContext,
  ) {
    return this.people.listPersons(id, ctx, query);
  }
  @Post('customers/:id/contact-persons') @Permission(CUSTOMER_USERS_MANAGE, ON_CUSTOMER) createPerson(
    @IdParam() id: string,
    @Body() body: ContactPersonDto,
    @Ctx() ctx: RequestContext,
  ) {
    return this.people.createPerson(id, body, ctx);
  }
  @Patch('contact-persons/:id') @Permission(CUSTOMER_USERS_MANAGE, ON_PERSONS_CUSTOMER) updatePerson(
    @IdParam() id: string,
    @Body() body: UpdateContactPersonDto,
    @Ctx() ctx: RequestContext,
  ) {
    return this.people.updatePerson(id, body, ctx);
  }
  @Delete('contact-persons/:id') @HttpCode(204) @Permission(CUSTOMER_USERS_MANAGE, ON_PERSONS_CUSTOMER) removePerson(
    @IdParam() id: string,
    @Ctx() ctx: RequestContext,
  ) {
    return this.people.removePerson(id, ctx);
  }
  @Post('contact-persons/:id/restore')
  @HttpCode(200)
  @Permission(CUSTOMER_USERS_MANAGE, ON_PERSONS_CUSTOMER)
  restorePerson(@IdParam() id: string, @Ctx() ctx: RequestContext) {
    return this.people.restorePerson(id, ctx);
  }

  /** The support parameters this caller may see, with the customer's values. */
  @Get('customers/:id/support-values') @Permission(CUSTOMER_READ, ON_CUSTOMER) async supportValues(
    @IdParam() id: string,
    @Ctx() ctx: RequestContext,
  ) {
    const customer = await this.customers.load(id, ctx);
    const items = this.view.supportValues(customer, await this.view.visibleParameters(ctx));
    return { items, nextCursor: null, total: items.length };
  }

  @Get('customers/:id/custom-variables') @Permission(CUSTOMER_READ, ON_CUSTOMER) async customVariables(
    @IdParam() id: string,
    @Ctx() ctx: RequestContext,
  ) {
    const customer = await this.customers.load(id, ctx);
    const items = (await this.fields.definitions(CUSTOMER_TYPE)).map((d) => ({
      key: d.key,
      label: d.label,
      type: d.type,
      value: customer.customFields[d.key] ?? null,
    }));
    return { items, nextCursor: null, total: items.length };
  }
}

@Controller('api/me')
export class LandingController {
  constructor(private readonly landing: LandingService) {}
  @Get('landing') get(@Ctx() ctx: RequestContext) {
    return this.landing.landing(ctx);
  }
}
