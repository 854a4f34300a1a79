import { Body, Controller, Delete, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Ctx, IdParam, NodeOf, Permission, RequestContext } from '@clientele/core';
import { AREA_MANAGE, TICKET_READ } from '../constants.js';
import { ConnectLineDto, DisconnectLinesDto, LineUsersQueryDto } from '../dto/line.dto.js';
import { LineConnection } from '../entities/line-connection.entity.js';
import { LinesService } from './lines.service.js';

const ON_LINE = NodeOf(LineConnection, { seenWith: TICKET_READ, where: 'on the line (area)' });

/** Public lines: users of other companies connect themselves; administrators list and disconnect them. */
@ApiTags('helpdesk')
@ApiBearerAuth()
@Controller('api/helpdesk')
export class LinesController {
  constructor(private readonly lines: LinesService) {}

  /** Connects the caller to a public area (the link a line is shared by); 404 for an area that is not public. */
  @Post('areas/:id/connect')
  connect(@IdParam() id: string, @Body() body: ConnectLineDto, @Ctx() ctx: RequestContext) {
    return this.lines.connect(ctx, id, body.company);
  }

  @Get('line-users')
  @Permission(AREA_MANAGE)
  list(@Query() query: LineUsersQueryDto, @Ctx() ctx: RequestContext) {
    return this.lines.list(ctx, query);
  }

  /** Ends the access of each of `ids` still connected to a line the caller manages; answers how many. */
  @Post('line-users/disconnect')
  @HttpCode(200)
  @Permission(AREA_MANAGE)
  disconnectMany(@Body() body: DisconnectLinesDto, @Ctx() ctx: RequestContext) {
    return this.lines.disconnectMany(ctx, body.ids);
  }

  @Get('line-users/:id')
  @Permission(AREA_MANAGE, ON_LINE)
  get(@IdParam() id: string, @Ctx() ctx: RequestContext) {
    return this.lines.get(ctx, id);
  }

  /** Ends the user's access to the line at once. */
  @Delete('line-users/:id')
  @HttpCode(200)
  @Permission(AREA_MANAGE, ON_LINE)
  disconnect(@IdParam() id: string, @Ctx() ctx: RequestContext) {
    return this.lines.disconnect(ctx, id);
  }
}
