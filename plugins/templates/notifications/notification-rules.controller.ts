import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Ctx, HistoryQueryDto, IdParam, OnSystem, Permission, RequestContext } from '@clientele/core';
import { NOTIFICATIONS_MANAGE, TEMPLATES_READ } from '../constants.js';
import {
  CreateNotificationRuleDto,
  NotificationRuleListQueryDto,
  UpdateNotificationRuleDto,
} from '../dto/notification-rule.dto.js';
import { NotificationRulesService } from './notification-rules.service.js';

/** Rules are the operator's own and system-wide, like templates. */
const SYSTEM = OnSystem();

/** On an event, send a template to a recipient: delivered through the outbox after the event commits, once. */
@ApiTags('notification-rules')
@ApiBearerAuth()
@Controller('api/notification-rules')
export class NotificationRulesController {
  constructor(private readonly rules: NotificationRulesService) {}

  /** `filter[eventType]`. */
  @Get()
  @Permission(TEMPLATES_READ, SYSTEM)
  list(@Query() query: NotificationRuleListQueryDto) {
    return this.rules.list(query);
  }

  /**
   * The events a rule may name — the notifiable events of the enabled plugins — with the
   * template contexts and recipients a rule on each may use.
   */
  @Get('events')
  @Permission(TEMPLATES_READ, SYSTEM)
  events() {
    return { items: this.rules.events() };
  }

  /** 400 naming the field when the event cannot notify, the template is not for customers or the recipient is incomplete. */
  @Post()
  @Permission(NOTIFICATIONS_MANAGE, SYSTEM)
  create(@Body() body: CreateNotificationRuleDto, @Ctx() ctx: RequestContext) {
    return this.rules.create(ctx, body);
  }

  @Get(':id')
  @Permission(TEMPLATES_READ, SYSTEM)
  get(@IdParam() id: string) {
    return this.rules.get(id);
  }

  /** 409 with `currentVersion` when `version` is stale. */
  @Patch(':id')
  @Permission(NOTIFICATIONS_MANAGE, SYSTEM)
  update(@IdParam() id: string, @Body() body: UpdateNotificationRuleDto, @Ctx() ctx: RequestContext) {
    return this.rules.update(ctx, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @Permission(NOTIFICATIONS_MANAGE, SYSTEM)
  remove(@IdParam() id: string, @Ctx() ctx: RequestContext) {
    return this.rules.remove(ctx, id);
  }

  @Post(':id/restore')
  @HttpCode(200)
  @Permission(NOTIFICATIONS_MANAGE, SYSTEM)
  restore(@IdParam() id: string, @Ctx() ctx: RequestContext) {
    return this.rules.restore(ctx, id);
  }

  @Get(':id/history')
  @Permission(TEMPLATES_READ, SYSTEM)
  history(@IdParam() id: string, @Query() query: HistoryQueryDto, @Ctx() ctx: RequestContext) {
    return this.rules.historyOf(ctx, id, query);
  }
}
