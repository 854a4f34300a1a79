import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Ctx, RequestContext } from '../auth/request-context.js';
import { ListQueryDto } from '../records/list-query.dto.js';
import { HISTORY_READ, HistoryQueryService } from './history-query.service.js';
import { Permission } from '../http/permission.decorator.js';

@ApiTags('history')
@Controller('api/history')
export class HistoryController {
  constructor(private readonly history: HistoryQueryService) {}

  /** Changes across all records the caller may see; filter by entityType, entityId, actorId, action, at[gte|lte]. */
  @Get()
  @Permission(HISTORY_READ, 'on the node each entry belongs to; entries of private records only to their owner')
  list(@Ctx() ctx: RequestContext, @Query() query: ListQueryDto) {
    return this.history.global(ctx, query);
  }
}
