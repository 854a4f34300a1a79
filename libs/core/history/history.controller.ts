import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Ctx, RequestContext } from '../auth/request-context.js';
import { ListQueryDto } from '../records/list-query.dto.js';
import { HistoryQueryService } from './history-query.service.js';

@ApiTags('history')
@Controller('api/history')
export class HistoryController {
  constructor(private readonly history: HistoryQueryService) {}

  /** Changes across all records the caller may see; filter by entityType, entityId, actorId, action, at[gte|lte]. */
  @Get()
  list(@Ctx() ctx: RequestContext, @Query() query: ListQueryDto) {
    return this.history.global(ctx, query);
  }
}
