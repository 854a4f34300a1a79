import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Ctx, HistoryQueryDto, IdParam, ListQueryDto, OnSystem, Permission, RequestContext } from '@clientele/core';
import { SLA_MANAGE, SLA_READ } from '../constants.js';
import { CreateCalendarDto, UpdateCalendarDto } from '../dto/calendar.dto.js';
import { CalendarsService } from './calendars.service.js';

/** Business-hours calendars: windows per weekday in an IANA zone, holidays, or around the clock. */
@ApiTags('sla')
@ApiBearerAuth()
@Controller('api/sla/calendars')
export class CalendarsController {
  constructor(private readonly calendars: CalendarsService) {}

  /** By name; `deleted=include|only` shows deleted ones. */
  @Get()
  @Permission(SLA_READ, OnSystem())
  list(@Query() query: ListQueryDto) {
    return this.calendars.list(query);
  }

  @Post()
  @Permission(SLA_MANAGE, OnSystem())
  create(@Body() body: CreateCalendarDto, @Ctx() ctx: RequestContext) {
    return this.calendars.create(ctx, body);
  }

  @Get(':id')
  @Permission(SLA_READ, OnSystem())
  get(@IdParam() id: string) {
    return this.calendars.get(id);
  }

  /** 409 with `currentVersion` when `version` is stale; changed hours recompute open records' deadlines (a job). */
  @Patch(':id')
  @Permission(SLA_MANAGE, OnSystem())
  update(@IdParam() id: string, @Body() body: UpdateCalendarDto, @Ctx() ctx: RequestContext) {
    return this.calendars.update(ctx, id, body);
  }

  /** Soft delete; 422 while a live contract counts in the calendar. */
  @Delete(':id')
  @HttpCode(204)
  @Permission(SLA_MANAGE, OnSystem())
  remove(@IdParam() id: string, @Ctx() ctx: RequestContext) {
    return this.calendars.remove(ctx, id);
  }

  @Post(':id/restore')
  @HttpCode(200)
  @Permission(SLA_MANAGE, OnSystem())
  restore(@IdParam() id: string, @Ctx() ctx: RequestContext) {
    return this.calendars.restore(ctx, id);
  }

  @Get(':id/history')
  @Permission(SLA_READ, OnSystem())
  history(@IdParam() id: string, @Query() query: HistoryQueryDto, @Ctx() ctx: RequestContext) {
    return this.calendars.historyOf(ctx, id, query);
  }
}
