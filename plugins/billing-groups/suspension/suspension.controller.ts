import { Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { Ctx, OnSystem, Permission, RequestContext } from '@clientele/core';
import { BILLING_SUSPENSION_RUN } from '../constants.js';
import { SuspensionService } from './suspension.service.js';

export class SuspensionPreviewQueryDto {
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1000) limit?: number;
}

/** Suspension of non-payers: the dry run and a run now (it also runs nightly). */
@ApiTags('billing')
@ApiBearerAuth()
@Controller('api/billing-suspension')
export class SuspensionController {
  constructor(private readonly suspension: SuspensionService) {}

  /** Who the job would suspend now, longest overdue first, and how many in all; changes nothing. */
  @Get('preview')
  @Permission(BILLING_SUSPENSION_RUN, OnSystem())
  preview(@Query() query: SuspensionPreviewQueryDto) {
    return this.suspension.preview(query.limit);
  }

  /** Runs the job now: suspends (when switched on) and restores those who paid. */
  @Post('run')
  @HttpCode(200)
  @Permission(BILLING_SUSPENSION_RUN, OnSystem())
  run(@Ctx() ctx: RequestContext) {
    return this.suspension.run(ctx);
  }
}
