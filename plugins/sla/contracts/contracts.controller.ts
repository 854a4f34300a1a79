import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Ctx, HistoryQueryDto, IdParam, ListQueryDto, OnSystem, Permission, RequestContext } from '@clientele/core';
import { SLA_MANAGE, SLA_READ } from '../constants.js';
import { CreateContractDto, UpdateContractDto } from '../dto/contract.dto.js';
import { PreviewDto, PreviewRowsQueryDto } from '../dto/preview.dto.js';
import { ContractsService } from './contracts.service.js';
import { PreviewService, previewRows } from './preview.service.js';

/** SLA contracts: levels with targets, pausing states, warning thresholds, the default level and the default contract. */
@ApiTags('sla')
@ApiBearerAuth()
@Controller('api/sla')
export class ContractsController {
  constructor(
    private readonly contracts: ContractsService,
    private readonly previews: PreviewService,
  ) {}

  @Get('contracts')
  @Permission(SLA_READ, OnSystem())
  list(@Query() query: ListQueryDto) {
    return this.contracts.list(query);
  }

  /** With its levels; `defaultLevel` must be one of them. */
  @Post('contracts')
  @Permission(SLA_MANAGE, OnSystem())
  create(@Body() body: CreateContractDto, @Ctx() ctx: RequestContext) {
    return this.contracts.create(ctx, body);
  }

  /** The contract with its levels. */
  @Get('contracts/:id')
  @Permission(SLA_READ, OnSystem())
  get(@IdParam() id: string) {
    return this.contracts.get(id);
  }

  /** 409 with `currentVersion` when `version` is stale; changed terms recompute open records' deadlines (a job). */
  @Patch('contracts/:id')
  @Permission(SLA_MANAGE, OnSystem())
  update(@IdParam() id: string, @Body() body: UpdateContractDto, @Ctx() ctx: RequestContext) {
    return this.contracts.update(ctx, id, body);
  }

  /** Soft delete; 422 while the contract is put on records or measures open ones. */
  @Delete('contracts/:id')
  @HttpCode(204)
  @Permission(SLA_MANAGE, OnSystem())
  remove(@IdParam() id: string, @Ctx() ctx: RequestContext) {
    return this.contracts.remove(ctx, id);
  }

  @Post('contracts/:id/restore')
  @HttpCode(200)
  @Permission(SLA_MANAGE, OnSystem())
  restore(@IdParam() id: string, @Ctx() ctx: RequestContext) {
    return this.contracts.restore(ctx, id);
  }

  @Get('contracts/:id/history')
  @Permission(SLA_READ, OnSystem())
  history(@IdParam() id: string, @Query() query: HistoryQueryDto, @Ctx() ctx: RequestContext) {
    return this.contracts.historyOf(ctx, id, query);
  }

  /** The deadlines of every level for a ticket coming in at `start` (now by default), one row per level and clock. */
  @Get('contracts/:id/deadlines')
  @Permission(SLA_READ, OnSystem())
  async deadlines(@IdParam() id: string, @Query() query: PreviewRowsQueryDto) {
    const contract = await this.contracts.get(id);
    return previewRows(this.previews, id, contract.levels, query.start ?? new Date().toISOString());
  }

  /** The deadlines the contract would give a ticket created at `start` on a level, with optional pauses. */
  @Post('preview')
  @HttpCode(200)
  @Permission(SLA_READ, OnSystem())
  preview(@Body() body: PreviewDto) {
    return this.previews.preview(body);
  }
}
