import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Ctx, HistoryQueryDto, IdParam, NodeOf, OnSystem, Permission, RequestContext } from '@clientele/core';
import { AREA_MANAGE, TICKET_READ } from '../constants.js';
import { Area } from '../entities/area.entity.js';
import { AreaListQueryDto, CreateAreaDto, UpdateAreaDto } from '../dto/area.dto.js';
import { AreasService } from './areas.service.js';

const ON_AREA = NodeOf(Area, { seenWith: TICKET_READ, where: 'on the area or above' });

/** Helpdesk areas (queues, projects, public lines). */
@ApiTags('helpdesk')
@ApiBearerAuth()
@Controller('api/helpdesk/areas')
export class AreasController {
  constructor(private readonly areas: AreasService) {}

  /** Areas the caller works in, and public lines. */
  @Get()
  list(@Query() query: AreaListQueryDto, @Ctx() ctx: RequestContext) {
    return this.areas.list(ctx, query);
  }

  @Post()
  @Permission(AREA_MANAGE, OnSystem())
  create(@Body() body: CreateAreaDto, @Ctx() ctx: RequestContext) {
    return this.areas.create(ctx, body);
  }

  /** An area the caller works in, or a public line. */
  @Get(':id')
  get(@IdParam() id: string, @Ctx() ctx: RequestContext) {
    return this.areas.get(ctx, id);
  }

  @Patch(':id')
  @Permission(AREA_MANAGE, ON_AREA)
  update(@IdParam() id: string, @Body() body: UpdateAreaDto, @Ctx() ctx: RequestContext) {
    return this.areas.update(ctx, id, body);
  }

  /** Soft delete: the area's node is disabled, grants on it stop applying. */
  @Delete(':id')
  @HttpCode(204)
  @Permission(AREA_MANAGE, ON_AREA)
  remove(@IdParam() id: string, @Ctx() ctx: RequestContext) {
    return this.areas.remove(ctx, id);
  }

  @Post(':id/restore')
  @HttpCode(200)
  @Permission(AREA_MANAGE, OnSystem())
  restore(@IdParam() id: string, @Ctx() ctx: RequestContext) {
    return this.areas.restore(ctx, id);
  }

  @Get(':id/history')
  @Permission(TICKET_READ, ON_AREA)
  history(@IdParam() id: string, @Query() query: HistoryQueryDto, @Ctx() ctx: RequestContext) {
    return this.areas.historyOf(ctx, id, query);
  }
}
