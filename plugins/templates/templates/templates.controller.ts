import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Ctx, HistoryQueryDto, IdParam, OnSystem, Permission, RequestContext } from '@clientele/core';
import { TEMPLATES_MANAGE, TEMPLATES_READ } from '../constants.js';
import { CreateTemplateDto, PreviewQueryDto, TemplateListQueryDto, UpdateTemplateDto } from '../dto/template.dto.js';
import { TemplatesService } from './templates.service.js';

/** Templates are the operator's own and system-wide: their permissions are granted on the system. */
const SYSTEM = OnSystem();

@ApiTags('templates')
@ApiBearerAuth()
@Controller('api/templates')
export class TemplatesController {
  constructor(private readonly templates: TemplatesService) {}

  /** `filter[channel]`, `filter[language]`, `filter[context]`, `filter[code]`; `q` searches name and code. */
  @Get()
  @Permission(TEMPLATES_READ, SYSTEM)
  list(@Query() query: TemplateListQueryDto) {
    return this.templates.list(query);
  }

  /** 400 naming each unknown variable with its line and column. */
  @Post()
  @Permission(TEMPLATES_MANAGE, SYSTEM)
  create(@Body() body: CreateTemplateDto, @Ctx() ctx: RequestContext) {
    return this.templates.create(ctx, body);
  }

  @Get(':id')
  @Permission(TEMPLATES_READ, SYSTEM)
  get(@IdParam() id: string) {
    return this.templates.get(id);
  }

  /** 409 with `currentVersion` when `version` is stale. */
  @Patch(':id')
  @Permission(TEMPLATES_MANAGE, SYSTEM)
  update(@IdParam() id: string, @Body() body: UpdateTemplateDto, @Ctx() ctx: RequestContext) {
    return this.templates.update(ctx, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @Permission(TEMPLATES_MANAGE, SYSTEM)
  remove(@IdParam() id: string, @Ctx() ctx: RequestContext) {
    return this.templates.remove(ctx, id);
  }

  @Post(':id/restore')
  @HttpCode(200)
  @Permission(TEMPLATES_MANAGE, SYSTEM)
  restore(@IdParam() id: string, @Ctx() ctx: RequestContext) {
    return this.templates.restore(ctx, id);
  }

  @Get(':id/history')
  @Permission(TEMPLATES_READ, SYSTEM)
  history(@IdParam() id: string, @Query() query: HistoryQueryDto, @Ctx() ctx: RequestContext) {
    return this.templates.historyOf(ctx, id, query);
  }

  /** The template rendered on a real record of its context, as the caller may read it. */
  @Get(':id/preview')
  @Permission(TEMPLATES_READ, SYSTEM)
  preview(@IdParam() id: string, @Query() query: PreviewQueryDto, @Ctx() ctx: RequestContext) {
    return this.templates.preview(ctx, id, query.recordId);
  }
}
