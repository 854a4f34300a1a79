import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AccessService, Ctx, ListQueryDto, Permission, RequestContext, paginate } from '@clientele/core';
import { SLA_READ } from '../constants.js';
import { SlaClock } from '../entities/clock.entity.js';

/** `filter[recordId]`, `filter[contractId]`, `filter[deadline][lte]=…` (each served by an index). */
export class ClockListQueryDto extends ListQueryDto {}

/**
 * The open clocks of records (tickets) as last stored, soonest due first: what is about to
 * breach. Only clocks of records where the caller holds `sla.read`.
 */
@ApiTags('sla')
@ApiBearerAuth()
@Controller('api/sla/clocks')
export class ClocksListController {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: AccessService,
  ) {}

  @Get()
  @Permission(SLA_READ)
  list(@Query() query: ClockListQueryDto, @Ctx() ctx: RequestContext) {
    const qb = this.db.getRepository(SlaClock).createQueryBuilder('c').where('c.stopped_at IS NULL');
    this.access.restrict(qb, 'c.node_id', SLA_READ, ctx);
    return paginate(qb, query, {
      sorts: {
        // As the index has it: a clock without a deadline (no working time ahead) sorts last.
        deadline: {
          column: `COALESCE(c.deadline, 'infinity'::timestamptz)`,
          value: (c: SlaClock) => c.deadline ?? 'infinity',
          type: 'timestamptz',
        },
      },
      defaultSort: 'deadline',
      idColumn: 'c.id',
      filters: {
        recordId: { column: 'c.record_id', type: 'uuid' },
        contractId: { column: 'c.contract_id', type: 'uuid' },
        deadline: { column: 'c.deadline', type: 'timestamptz' },
      },
    });
  }
}
