import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseEnumPipe,
  Patch,
  Post,
  Put,
  Query,
  Res,
} from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Ctx, HistoryQueryDto, IdParam, NodeOf, OnSystem, Permission, RequestContext } from '@clientele/core';
import { BillingGroup } from '../entities/billing-group.entity.js';
import { BILLING_GROUP_MANAGE, BILLING_GROUP_READ } from '../constants.js';
import {
  BillingGroupListQueryDto,
  CreateBillingGroupDto,
  GroupImageDto,
  UpdateBillingGroupDto,
} from '../dto/billing-group.dto.js';
import { BillingGroupsService } from './billing-groups.service.js';

enum ImageKind {
  logo = 'logo',
  stamp = 'stamp',
}
const imageKind = new ParseEnumPipe(ImageKind);
const THE_GROUP = NodeOf(BillingGroup, { seenWith: BILLING_GROUP_READ });

/** The operator's companies. Staff limited to some groups hold their grants on those groups. */
@ApiTags('billing')
@ApiBearerAuth()
@Controller('api/billing-groups')
export class BillingGroupsController {
  constructor(private readonly groups: BillingGroupsService) {}

  @Get()
  @Permission(BILLING_GROUP_READ)
  list(@Query() query: BillingGroupListQueryDto, @Ctx() ctx: RequestContext) {
    return this.groups.list(ctx, query);
  }

  /** The first group becomes the default one (where new customers land). */
  @Post()
  @Permission(BILLING_GROUP_MANAGE, OnSystem())
  create(@Body() body: CreateBillingGroupDto, @Ctx() ctx: RequestContext) {
    return this.groups.create(ctx, body);
  }

  @Get(':id')
  @Permission(BILLING_GROUP_READ, THE_GROUP)
  get(@IdParam() id: string, @Ctx() ctx: RequestContext) {
    return this.groups.get(ctx, id);
  }

  /** 409 with `currentVersion` when `version` is stale; `numberPattern` applies to numbers taken from now on. */
  @Patch(':id')
  @Permission(BILLING_GROUP_MANAGE, THE_GROUP)
  update(@IdParam() id: string, @Body() body: UpdateBillingGroupDto, @Ctx() ctx: RequestContext) {
    return this.groups.update(ctx, id, body);
  }

  /** Soft delete; 422 `GROUP_HAS_CUSTOMERS` while customers belong to it. */
  @Delete(':id')
  @HttpCode(204)
  @Permission(BILLING_GROUP_MANAGE, THE_GROUP)
  remove(@IdParam() id: string, @Ctx() ctx: RequestContext) {
    return this.groups.remove(ctx, id);
  }

  @Post(':id/restore')
  @HttpCode(200)
  @Permission(BILLING_GROUP_MANAGE, OnSystem())
  restore(@IdParam() id: string, @Ctx() ctx: RequestContext) {
    return this.groups.restore(ctx, id);
  }

  /** Its customers and non-payers, what it invoiced and was paid this year and what is owed to it (minor units). */
  @Get(':id/statistics')
  @Permission(BILLING_GROUP_READ, THE_GROUP)
  statistics(@IdParam() id: string, @Ctx() ctx: RequestContext) {
    return this.groups.statistics(ctx, id);
  }

  @Get(':id/history')
  @Permission(BILLING_GROUP_READ, THE_GROUP)
  history(@IdParam() id: string, @Query() query: HistoryQueryDto, @Ctx() ctx: RequestContext) {
    return this.groups.historyOf(ctx, id, query);
  }

  /** PNG or JPEG, base64 in JSON, at most 1 MB; printed on the group's invoices. */
  @Put(':id/:kind')
  @Permission(BILLING_GROUP_MANAGE, THE_GROUP)
  putImage(
    @IdParam() id: string,
    @Param('kind', imageKind) kind: ImageKind,
    @Body() body: GroupImageDto,
    @Ctx() ctx: RequestContext,
  ) {
    return this.groups.putImage(ctx, id, kind, body);
  }

  @Get(':id/:kind')
  @Permission(BILLING_GROUP_READ, THE_GROUP)
  async image(
    @IdParam() id: string,
    @Param('kind', imageKind) kind: ImageKind,
    @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const image = await this.groups.image(ctx, id, kind);
    void reply.header('content-type', image.contentType);
    return image.data;
  }
}
