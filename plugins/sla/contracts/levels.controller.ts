import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Ctx, HistoryQueryDto, IdParam, OnSystem, Permission, RequestContext } from '@clientele/core';
import { SLA_MANAGE, SLA_READ } from '../constants.js';
import { CreateLevelDto, LevelListQueryDto, UpdateLevelDto } from '../dto/contract.dto.js';
import { LevelsService } from './levels.service.js';

/** Levels of contracts (critical, high …), each with its targets. */
@ApiTags('sla')
@ApiBearerAuth()
@Controller('api/sla/levels')
export class LevelsController {
  constructor(private readonly levels: LevelsService) {}

  /** The levels of one contract (`filter[contractId]`), in their order. */
  @Get()
  @Permission(SLA_READ, OnSystem())
  list(@Query() query: LevelListQueryDto) {
    return this.levels.list(query);
  }

  @Post()
  @Permission(SLA_MANAGE, OnSystem())
  create(@Body() body: CreateLevelDto, @Ctx() ctx: RequestContext) {
    return this.levels.create(ctx, body);
  }

  @Get(':id')
  @Permission(SLA_READ, OnSystem())
  get(@IdParam() id: string) {
    return this.levels.get(id);
  }

  /** Changed targets recompute the contract's open records (a job). */
  @Patch(':id')
  @Permission(SLA_MANAGE, OnSystem())
  update(@IdParam() id: string, @Body() body: UpdateLevelDto, @Ctx() ctx: RequestContext) {
    return this.levels.update(ctx, id, body);
  }

  /** 422 for the contract's default level; records on the level fall back to the default. */
  @Delete(':id')
  @HttpCode(204)
  @Permission(SLA_MANAGE, OnSystem())
  remove(@IdParam() id: string, @Ctx() ctx: RequestContext) {
    return this.levels.remove(ctx, id);
  }

  @Get(':id/history')
  @Permission(SLA_READ, OnSystem())
  history(@IdParam() id: string, @Query() query: HistoryQueryDto, @Ctx() ctx: RequestContext) {
    return this.levels.historyOf(ctx, id, query);
  }
}
