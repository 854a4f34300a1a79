import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Ctx, HistoryQueryDto, IdParam, NodeIn, NodeOf, Permission, RequestContext } from '@clientele/core';
import { SLA_ASSIGN, SLA_READ } from '../constants.js';
import { AssignmentListQueryDto, CreateAssignmentDto, UpdateAssignmentDto } from '../dto/assignment.dto.js';
import { SlaAssignment } from '../entities/assignment.entity.js';
import { AssignmentsService } from './assignments.service.js';

const ON_ITS_RECORD = NodeOf(SlaAssignment, {
  seenWith: SLA_READ,
  where: 'on the record the contract is put on, or above',
});

/** Contracts put on records: a customer's own contract, its address book's … The nearest one above a ticket applies. */
@ApiTags('sla')
@ApiBearerAuth()
@Controller('api/sla/assignments')
export class AssignmentsController {
  constructor(private readonly assignments: AssignmentsService) {}

  /** Only assignments on records where the caller holds `sla.read`. */
  @Get()
  @Permission(SLA_READ)
  list(@Query() query: AssignmentListQueryDto, @Ctx() ctx: RequestContext) {
    return this.assignments.list(ctx, query);
  }

  /** 409 when the record has a contract already; open records below are recomputed (a job, `recomputeJobId`). */
  @Post()
  @Permission(SLA_ASSIGN, NodeIn({ body: 'nodeId' }, { seenWith: SLA_READ }))
  create(@Body() body: CreateAssignmentDto, @Ctx() ctx: RequestContext) {
    return this.assignments.create(ctx, body);
  }

  @Get(':id')
  @Permission(SLA_READ, NodeOf(SlaAssignment))
  get(@IdParam() id: string) {
    return this.assignments.get(id);
  }

  @Patch(':id')
  @Permission(SLA_ASSIGN, ON_ITS_RECORD)
  update(@IdParam() id: string, @Body() body: UpdateAssignmentDto, @Ctx() ctx: RequestContext) {
    return this.assignments.update(ctx, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @Permission(SLA_ASSIGN, ON_ITS_RECORD)
  remove(@IdParam() id: string, @Ctx() ctx: RequestContext) {
    return this.assignments.remove(ctx, id);
  }

  @Get(':id/history')
  @Permission(SLA_READ, NodeOf(SlaAssignment))
  history(@IdParam() id: string, @Query() query: HistoryQueryDto, @Ctx() ctx: RequestContext) {
    return this.assignments.historyOf(ctx, id, query);
  }
}
