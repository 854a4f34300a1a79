import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  HistoryQueryDto,
  HistoryQueryService,
  HistoryService,
  ListQueryDto,
  RecordService,
  RequestContext,
  ScopeTreeService,
  auditableOptions,
  invalid,
  notFound,
  paginate,
} from '@clientele/core';
import { ASSIGNMENT_TYPE } from '../constants.js';
import { SlaAssignment } from '../entities/assignment.entity.js';
import type { AssignContractDto } from '../dto/assignment.dto.js';
import { RecomputeRequests } from '../tracking/recompute-requests.js';

/** Contracts put on records (a customer, an address book …) for the records below them; a change recomputes their open clocks. */
@Injectable()
export class AssignmentsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly records: RecordService,
    private readonly tree: ScopeTreeService,
    private readonly history: HistoryQueryService,
    private readonly historyWriter: HistoryService,
    private readonly recompute: RecomputeRequests,
  ) {}

  list(query: ListQueryDto) {
    return paginate(this.db.getRepository(SlaAssignment).createQueryBuilder('a'), query, {
      sorts: { createdAt: { column: 'a.id', value: (a: SlaAssignment) => a.id, type: 'uuid' } },
      defaultSort: '-createdAt',
      idColumn: 'a.id',
      filters: { nodeId: { column: 'a.node_id', type: 'uuid' }, contractId: { column: 'a.contract_id', type: 'uuid' } },
    });
  }

  async get(nodeId: string) {
    const assignment = await this.db.getRepository(SlaAssignment).findOne({ where: { nodeId } });
    if (!assignment) throw notFound('Assignment');
    return assignment;
  }

  async assign(ctx: RequestContext, nodeId: string, dto: AssignContractDto) {
    const node = await this.tree.get(nodeId);
    if (!node || node.disabled_at) throw notFound();
    const [contract] = await this.db.query(`SELECT 1 FROM sla_contracts WHERE id = $1 AND deleted_at IS NULL`, [
      dto.contractId,
    ]);
    if (!contract) throw invalid('contractId', 'UNKNOWN_CONTRACT', 'No such contract');
    return this.records.transaction(async (manager) => {
      const current = await manager.findOne(SlaAssignment, { where: { nodeId } });
      const saved = current
        ? await this.records.update(
            SlaAssignment,
            current.id,
            dto.version,
            { contractId: dto.contractId },
            ctx,
            manager,
          )
        : await this.records.create(SlaAssignment, { nodeId, contractId: dto.contractId }, ctx, manager);
      return Object.assign(saved, { recomputeJobId: await this.recompute.request(manager, { nodeId }, ctx) });
    });
  }

  async unassign(ctx: RequestContext, nodeId: string) {
    const assignment = await this.get(nodeId);
    await this.records.transaction(async (manager) => {
      await this.historyWriter.record(
        manager,
        auditableOptions(SlaAssignment),
        'delete',
        assignment.id,
        JSON.parse(JSON.stringify(assignment)),
        null,
        ctx,
      );
      await manager.delete(SlaAssignment, assignment.id);
      await this.recompute.request(manager, { nodeId }, ctx);
    });
  }

  async historyOf(ctx: RequestContext, nodeId: string, query: HistoryQueryDto) {
    const assignment = await this.get(nodeId);
    return this.history.forRecord(ctx, ASSIGNMENT_TYPE, assignment.id, query);
  }
}
