import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  AccessService,
  HistoryQueryDto,
  HistoryQueryService,
  HistoryService,
  ListQueryDto,
  RecordService,
  RequestContext,
  ScopeTreeService,
  auditableOptions,
  conflict,
  invalid,
  notFound,
  paginate,
} from '@clientele/core';
import { ASSIGNMENT_TYPE, SLA_READ } from '../constants.js';
import { SlaAssignment } from '../entities/assignment.entity.js';
import type { CreateAssignmentDto, UpdateAssignmentDto } from '../dto/assignment.dto.js';
import { RecomputeRequests } from '../tracking/recompute-requests.js';

/** An assignment as the API shows it: with its contract's name. */
export type AssignmentView = SlaAssignment & { contractName: string | null };

/**
 * Contracts put on records (a customer, an address book …) for the records below them; each
 * change recomputes the open clocks below the record. A record has one assignment at most.
 */
@Injectable()
export class AssignmentsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly records: RecordService,
    private readonly access: AccessService,
    private readonly tree: ScopeTreeService,
    private readonly history: HistoryQueryService,
    private readonly historyWriter: HistoryService,
    private readonly recompute: RecomputeRequests,
  ) {}

  async list(ctx: RequestContext, query: ListQueryDto) {
    const qb = this.db.getRepository(SlaAssignment).createQueryBuilder('a');
    this.access.restrict(qb, 'a.node_id', SLA_READ, ctx);
    const page = await paginate(qb, query, {
      sorts: { createdAt: { column: 'a.id', value: (a: SlaAssignment) => a.id, type: 'uuid' } },
      defaultSort: '-createdAt',
      idColumn: 'a.id',
      filters: { nodeId: { column: 'a.node_id', type: 'uuid' }, contractId: { column: 'a.contract_id', type: 'uuid' } },
    });
    return { ...page, items: await this.present(page.items) };
  }

  async get(id: string) {
    return (await this.present([await this.find(id)]))[0];
  }

  async create(ctx: RequestContext, dto: CreateAssignmentDto) {
    const node = await this.tree.get(dto.nodeId);
    if (!node || node.disabled_at) throw notFound();
    await this.requireContract(dto.contractId);
    const assigned = await this.records.transaction(async (manager) => {
      const taken = await manager.findOne(SlaAssignment, { where: { nodeId: dto.nodeId } });
      if (taken) throw conflict('ALREADY_ASSIGNED', 'The record has a contract; change that one', 'nodeId');
      const saved = await this.records.create(
        SlaAssignment,
        { nodeId: dto.nodeId, contractId: dto.contractId },
        ctx,
        manager,
      );
      return { saved, recomputeJobId: await this.recompute.request(manager, { nodeId: dto.nodeId }, ctx) };
    });
    return { ...(await this.get(assigned.saved.id)), recomputeJobId: assigned.recomputeJobId };
  }

  async update(ctx: RequestContext, id: string, dto: UpdateAssignmentDto) {
    const current = await this.find(id);
    await this.requireContract(dto.contractId);
    const recomputeJobId = await this.records.transaction(async (manager) => {
      await this.records.update(SlaAssignment, id, dto.version, { contractId: dto.contractId }, ctx, manager);
      return this.recompute.request(manager, { nodeId: current.nodeId }, ctx);
    });
    return { ...(await this.get(id)), recomputeJobId };
  }

  /** Records below fall back to a contract further up, their group's or the default one. */
  async remove(ctx: RequestContext, id: string) {
    const assignment = await this.find(id);
    await this.records.transaction(async (manager) => {
      const before = JSON.parse(JSON.stringify(assignment));
      await this.historyWriter.record(manager, auditableOptions(SlaAssignment), 'delete', id, before, null, ctx);
      await manager.delete(SlaAssignment, id);
      await this.recompute.request(manager, { nodeId: assignment.nodeId }, ctx);
    });
  }

  async historyOf(ctx: RequestContext, id: string, query: HistoryQueryDto) {
    await this.find(id);
    return this.history.forRecord(ctx, ASSIGNMENT_TYPE, id, query);
  }

  private async find(id: string) {
    const assignment = await this.db.getRepository(SlaAssignment).findOne({ where: { id } });
    if (!assignment) throw notFound('Assignment');
    return assignment;
  }

  private async requireContract(id: string) {
    const [live] = await this.db.query(`SELECT 1 FROM sla_contracts WHERE id = $1 AND deleted_at IS NULL`, [id]);
    if (!live) throw invalid('contractId', 'UNKNOWN_CONTRACT', 'No such contract');
  }

  private async present(assignments: SlaAssignment[]): Promise<AssignmentView[]> {
    const ids = [...new Set(assignments.map((a) => a.contractId))];
    const rows: { id: string; name: string }[] = ids.length
      ? await this.db.query(`SELECT id, name FROM sla_contracts WHERE id = ANY($1::uuid[])`, [ids])
      : [];
    const names = new Map(rows.map((r) => [r.id, r.name]));
    return assignments.map((a) => Object.assign(a, { contractName: names.get(a.contractId) ?? null }));
  }
}
