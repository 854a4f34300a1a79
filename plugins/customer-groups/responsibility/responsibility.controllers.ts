import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import {
  Ctx,
  HistoryQueryDto,
  IdParam,
  ListQueryDto,
  NodeOf,
  OnSystem,
  Permission,
  RequestContext,
} from '@clientele/core';
import { GROUP_READ, RESPONSIBILITY_MANAGE, RESPONSIBILITY_READ } from '../constants.js';
import { Responsibility } from '../entities/responsibility.entity.js';
import {
  CreateProcessAreaDto,
  CustomerResponsibilitiesQueryDto,
  ResponsibilityQueryDto,
  SetResponsibilityDto,
  UpdateProcessAreaDto,
  UpdateResponsibilityDto,
} from '../dto/responsibility.dto.js';
import { IN_GROUP, ON_CUSTOMER, ON_GROUP } from '../route-nodes.js';
import { ResponsibilityService } from './responsibility.service.js';

const ON_RESPONSIBLE_GROUP = NodeOf(Responsibility, { seenWith: GROUP_READ, where: 'on the group or above' });

@ApiTags('customer-groups responsibility')
@ApiBearerAuth()
@Controller('api/process-areas')
export class ProcessAreasController {
  constructor(private readonly responsibility: ResponsibilityService) {}

  @Get() @Permission(RESPONSIBILITY_READ) list(@Query() query: ListQueryDto) {
    return this.responsibility.areas(query);
  }
  /** 409 `AREA_CODE_TAKEN`. */
  @Post() @Permission(RESPONSIBILITY_MANAGE, OnSystem()) create(
    @Body() body: CreateProcessAreaDto,
    @Ctx() ctx: RequestContext,
  ) {
    return this.responsibility.createArea(ctx, body);
  }
  @Get(':id') @Permission(RESPONSIBILITY_READ) get(@IdParam() id: string) {
    return this.responsibility.liveArea(id);
  }
  @Patch(':id') @Permission(RESPONSIBILITY_MANAGE, OnSystem()) update(
    @IdParam() id: string,
    @Body() body: UpdateProcessAreaDto,
    @Ctx() ctx: RequestContext,
  ) {
    return this.responsibility.updateArea(ctx, id, body);
  }
  @Delete(':id') @HttpCode(204) @Permission(RESPONSIBILITY_MANAGE, OnSystem()) remove(
    @IdParam() id: string,
    @Ctx() ctx: RequestContext,
  ) {
    return this.responsibility.removeArea(ctx, id);
  }
  @Get(':id/history') @Permission(RESPONSIBILITY_MANAGE, OnSystem()) history(
    @IdParam() id: string,
    @Query() query: HistoryQueryDto,
    @Ctx() ctx: RequestContext,
  ) {
    return this.responsibility.areaHistory(ctx, id, query);
  }
}

@ApiTags('customer-groups responsibility')
@ApiBearerAuth()
@Controller('api/customer-groups/:id/responsibilities')
export class GroupResponsibilitiesController {
  constructor(private readonly responsibility: ResponsibilityService) {}

  /** `filter[processAreaId]`. */
  @Get() @Permission(GROUP_READ, ON_GROUP) list(
    @IdParam() id: string,
    @Query() query: ListQueryDto,
    @Ctx() ctx: RequestContext,
  ) {
    return this.responsibility.ofGroup(ctx, id, query);
  }
}

@ApiTags('customer-groups responsibility')
@ApiBearerAuth()
@Controller('api/customer-group-responsibilities')
export class ResponsibilitiesController {
  constructor(private readonly responsibility: ResponsibilityService) {}

  /** Who answers for the group (`groupId`) in an area; 409 `AREA_ALREADY_SET`; `helpdeskAreaId` only for the `helpdesk` area. */
  @Post() @Permission(RESPONSIBILITY_MANAGE, IN_GROUP) set(
    @Body() body: SetResponsibilityDto,
    @Ctx() ctx: RequestContext,
  ) {
    return this.responsibility.set(ctx, body);
  }
  @Get(':id') @Permission(GROUP_READ, ON_RESPONSIBLE_GROUP) get(@IdParam() id: string, @Ctx() ctx: RequestContext) {
    return this.responsibility.get(ctx, id);
  }
  @Patch(':id') @Permission(RESPONSIBILITY_MANAGE, ON_RESPONSIBLE_GROUP) update(
    @IdParam() id: string,
    @Body() body: UpdateResponsibilityDto,
    @Ctx() ctx: RequestContext,
  ) {
    return this.responsibility.update(ctx, id, body);
  }
  @Delete(':id') @HttpCode(204) @Permission(RESPONSIBILITY_MANAGE, ON_RESPONSIBLE_GROUP) remove(
    @IdParam() id: string,
    @Ctx() ctx: RequestContext,
  ) {
    return this.responsibility.remove(ctx, id);
  }
  @Get(':id/history') @Permission(GROUP_READ, ON_RESPONSIBLE_GROUP) history(
    @IdParam() id: string,
    @Query() query: HistoryQueryDto,
    @Ctx() ctx: RequestContext,
  ) {
    return this.responsibility.responsibilityHistory(ctx, id, query);
  }
}

@ApiTags('customer-groups responsibility')
@ApiBearerAuth()
@Controller('api/customers/:id')
export class CustomerResponsibilityController {
  constructor(private readonly responsibility: ResponsibilityService) {}

  /** Who is responsible for the customer in `area` (code or id) on `date`, and why, with the candidates that lost. */
  @Get('responsibility') @Permission(RESPONSIBILITY_READ, ON_CUSTOMER) explain(
    @IdParam() id: string,
    @Query() query: ResponsibilityQueryDto,
    @Ctx() ctx: RequestContext,
  ) {
    return this.responsibility.explain(ctx, id, query);
  }

  /** The same for every process area, one item each, paged by area code (`limit`, `cursor`). */
  @Get('responsibilities') @Permission(RESPONSIBILITY_READ, ON_CUSTOMER) explainAll(
    @IdParam() id: string,
    @Query() query: CustomerResponsibilitiesQueryDto,
    @Ctx() ctx: RequestContext,
  ) {
    return this.responsibility.explainAll(ctx, id, query);
  }
}
