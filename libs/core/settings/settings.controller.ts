import { Body, Controller, Get, Param, Patch, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Ctx, RequestContext } from '../auth/request-context.js';
import { OnSystem, Permission } from '../http/permission.decorator.js';
import { HistoryQueryDto } from '../records/list-query.dto.js';
import { SETTINGS_MANAGE, SettingsService } from './settings.service.js';

/** No built-in role carries the permission: master admins, and whoever they grant a role with it on the system. */
const ON_SYSTEM = OnSystem({ where: 'on the system (no built-in role carries it)' });

@ApiTags('settings')
@ApiBearerAuth()
@Controller('api/settings')
export class SettingsController {
  constructor(private readonly settings: SettingsService) {}

  @Get()
  @Permission(SETTINGS_MANAGE, ON_SYSTEM)
  @ApiOperation({
    summary: "Every plugin's settings: JSON schema (types, rules, descriptions, defaults), values and version",
  })
  async list(@Ctx() ctx: RequestContext) {
    return { items: await this.settings.list(ctx) };
  }

  @Get(':plugin')
  @Permission(SETTINGS_MANAGE, ON_SYSTEM)
  @ApiOperation({ summary: "One plugin's settings: JSON schema, values and version" })
  read(@Param('plugin') plugin: string, @Ctx() ctx: RequestContext) {
    return this.settings.read(plugin, ctx);
  }

  /** The body names the settings to change and the `version` last seen; the others keep their values. */
  @Put(':plugin')
  @Permission(SETTINGS_MANAGE, ON_SYSTEM)
  @ApiOperation({
    summary:
      'Change settings of a plugin: `{ version, <setting>: value, … }`; 400 names the field, 409 on a stale version',
  })
  update(@Param('plugin') plugin: string, @Body() body: Record<string, unknown>, @Ctx() ctx: RequestContext) {
    return this.settings.update(plugin, body, ctx);
  }

  /** The same change under the verb the REST conventions use for records. */
  @Patch(':plugin')
  @Permission(SETTINGS_MANAGE, ON_SYSTEM)
  @ApiOperation({ summary: 'Same as PUT: change the settings named in the body' })
  patch(@Param('plugin') plugin: string, @Body() body: Record<string, unknown>, @Ctx() ctx: RequestContext) {
    return this.settings.update(plugin, body, ctx);
  }

  @Get(':plugin/history')
  @Permission(SETTINGS_MANAGE, ON_SYSTEM)
  @ApiOperation({ summary: 'Changes of the settings, newest first: who, when, each setting before and after' })
  history(@Param('plugin') plugin: string, @Query() query: HistoryQueryDto, @Ctx() ctx: RequestContext) {
    return this.settings.historyOf(plugin, ctx, query);
  }
}
