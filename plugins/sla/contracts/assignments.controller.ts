import { Body, Controller, Delete, Get, HttpCode, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import {
  Ctx,
  HistoryQueryDto,
  IdParam,
  ListQueryDto,
  NodeIn,
  OnSystem,
  Permission,
  RequestContext,
} from '@clientele/core';
import { SLA_ASSIGN, SLA_READ } from '../constants.js';
import { AssignContractDto } from '../dto/assignment.dto.js';
import { AssignmentsService } from './assignments.service.js';

/** Contracts put on records: a customer's own contract, its address book's … The nearest one above a ticket applies. */
@ApiTags('sla')
@ApiBearerAuth()
@Controller('api/sla/assignments')
export class AssignmentsController {
  constructor(private readonly assignments: AssignmentsService) {}

  /** `filter[nodeId]`, `filter[contractId]`. */
  @Get()
  @Permission(SLA_READ, OnSystem())
  list(@Query() query: ListQueryDto) {
    return this.assignments.list(query);
  }

  @Get(':nodeId')
  @Permission(SLA_READ, NodeIn('nodeId'))
  get(@IdParam('nodeId') nodeId: string) {
    return this.assignments.get(nodeId);
  }

  /** Puts the contract on the record at `nodeId` (replacing its own one); open records below are recomputed (a job). */
  @Put(':nodeId')
  @Permission(SLA_ASSIGN, NodeIn('nodeId'))
  assign(@IdParam('nodeId') nodeId: string, @Body() body: AssignContractDto, @Ctx() ctx: RequestContext) {
    return this.assignments.assign(ctx, nodeId, body);
  }

  @Delete(':nodeId')
  @HttpCode(204)
  @Permission(SLA_ASSIGN, NodeIn('nodeId'))
  unassign(@IdParam('nodeId') nodeId: string, @Ctx() ctx: RequestContext) {
    return this.assignments.unassign(ctx, nodeId);
  }

  @Get(':nodeId/history')
  @Permission(SLA_READ, NodeIn('nodeId'))
  history(@IdParam('nodeId') nodeId: string, @Query() query: HistoryQueryDto, @Ctx() ctx: RequestContext) {
    return this.assignments.historyOf(ctx, nodeId, query);
  }
}
