import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import {
  HistoryQueryDto,
  HistoryQueryService,
  ListQueryDto,
  RecordService,
  RequestContext,
  conflict,
  invalid,
  notFound,
  paginate,
  refused,
  deletedFilter,
} from '@clientele/core';
import { CONTRACT_TYPE } from '../constants.js';
import { SlaContract } from '../entities/contract.entity.js';
import { SlaLevel } from '../entities/level.entity.js';
import type { CreateContractDto, UpdateContractDto } from '../dto/contract.dto.js';
import { RecomputeRequests } from '../tracking/recompute-requests.js';
import { LevelsService } from './levels.service.js';

/** A contract with its levels, as the API shows it. */
export type ContractView = SlaContract & { levels: SlaLevel[] };

/** Contracts: levels, pausing states, warning thresholds and the default level; terms changes recompute open records. */
@Injectable()
export class ContractsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly records: RecordService,
    private readonly history: HistoryQueryService,
    private readonly levels: LevelsService,
    private readonly recompute: RecomputeRequests,
  ) {}

  list(query: ListQueryDto) {
    const qb = deletedFilter(this.db.getRepository(SlaContract).createQueryBuilder('c'), 'c', query.deleted);
    return paginate(qb, query, {
      sorts: {
        name: { column: 'c.name', value: (c: SlaContract) => c.name, type: 'text' },
        updatedAt: { column: 'c.updated_at', value: (c: SlaContract) => c.updatedAt, type: 'timestamptz' },
      },
      defaultSort: 'name',
      idColumn: 'c.id',
    });
  }

  async get(id: string): Promise<ContractView> {
    const contract = await this.find(id);
    return { ...contract, levels: await this.levels.of(id) } as ContractView;
  }

  async find(id: string, manager: EntityManager = this.db.manager) {
    const contract = await manager.findOne(SlaContract, { where: { id } });
    if (!contract) throw notFound('Contract');
    return contract;
  }

  async create(ctx: RequestContext, dto: CreateContractDto): Promise<ContractView> {
    const codes = dto.levels.map((l) => l.code);
    if (new Set(codes).size !== codes.length) throw invalid('levels', 'DUPLICATE_LEVEL', 'Level codes must differ');
    if (!codes.includes(dto.defaultLevel))
      throw invalid('defaultLevel', 'UNKNOWN_LEVEL', 'The default level must be one of the levels');
    await this.requireFreeName(dto.name.trim());
    const id = await this.records.transaction(async (manager) => {
      if (dto.isDefault) await this.dropDefault(manager, ctx);
      const contract = await this.records.create(
        SlaContract,
        {
          name: dto.name.trim(),
          defaultLevel: dto.defaultLevel,
          pauses: dto.pauses?.map((p) => ({ state: p.state, clocks: [...p.clocks] })) ?? [],
          warningPercents: [...(dto.warningPercents ?? [80])].sort((a, b) => a - b),
          isDefault: dto.isDefault ?? false,
          deletedAt: null,
          deletedBy: null,
        },
        ctx,
        manager,
      );
      for (const [i, level] of dto.levels.entries())
        await this.levels.add(manager, ctx, contract.id, { position: i, ...level });
      return contract.id;
    });
    return this.get(id);
  }

  /** The contract, with the id of the recompute job when its terms changed. */
  async update(ctx: RequestContext, id: string, dto: UpdateContractDto) {
    const current = await this.find(id);
    if (current.deletedAt) throw refused('CONTRACT_DELETED', 'Restore the contract before changing it');
    if (dto.name !== undefined) await this.requireFreeName(dto.name.trim(), id);
    const recomputeJobId = await this.records.transaction(async (manager) => {
      if (dto.defaultLevel !== undefined && !(await this.levels.exists(manager, id, dto.defaultLevel))) {
        throw invalid('defaultLevel', 'UNKNOWN_LEVEL', "The default level must be one of the contract's levels");
      }
      if (dto.isDefault && !current.isDefault) await this.dropDefault(manager, ctx);
      let termsChanged = false;
      await this.records.update(
        SlaContract,
        id,
        dto.version,
        (c) => {
          const before = JSON.stringify([c.defaultLevel, c.pauses, c.warningPercents]);
          if (dto.name !== undefined) c.name = dto.name.trim();
          if (dto.defaultLevel !== undefined) c.defaultLevel = dto.defaultLevel;
          if (dto.pauses !== undefined) c.pauses = dto.pauses.map((p) => ({ state: p.state, clocks: [...p.clocks] }));
          if (dto.warningPercents !== undefined) c.warningPercents = [...dto.warningPercents].sort((a, b) => a - b);
          if (dto.isDefault !== undefined) c.isDefault = dto.isDefault;
          termsChanged = JSON.stringify([c.defaultLevel, c.pauses, c.warningPercents]) !== before;
        },
        ctx,
        manager,
      );
      return termsChanged ? this.recompute.request(manager, { contractId: id }, ctx) : null;
    });
    return { ...(await this.get(id)), recomputeJobId };
  }

  /** Refused while the contract is put on a record or still runs clocks of open records. */
  async remove(ctx: RequestContext, id: string) {
    const contract = await this.find(id);
    if (contract.deletedAt) throw notFound('Contract');
    const [assigned] = await this.db.query(`SELECT 1 FROM sla_assignments WHERE contract_id = $1 LIMIT 1`, [id]);
    if (assigned) throw refused('CONTRACT_ASSIGNED', 'The contract is put on records; remove those assignments first');
    const [running] = await this.db.query(
      `SELECT 1 FROM sla_clocks WHERE contract_id = $1 AND stopped_at IS NULL LIMIT 1`,
      [id],
    );
    if (running) throw refused('CONTRACT_IN_USE', 'Open records are measured by this contract');
    await this.records.softDelete(SlaContract, id, ctx, {
      also: async (c) => {
        c.isDefault = false;
      },
    });
  }

  async restore(ctx: RequestContext, id: string) {
    const contract = await this.find(id);
    if (contract.deletedAt) await this.requireFreeName(contract.name, id);
    await this.records.restore(SlaContract, id, ctx);
    return this.get(id);
  }

  async historyOf(ctx: RequestContext, id: string, query: HistoryQueryDto) {
    await this.find(id);
    return this.history.forRecord(ctx, CONTRACT_TYPE, id, query);
  }

  /** The former default contract stops being the default, in history too. */
  private async dropDefault(manager: EntityManager, ctx: RequestContext) {
    const former = await manager.findOne(SlaContract, { where: { isDefault: true } });
    if (former) await this.records.update(SlaContract, former.id, undefined, { isDefault: false }, ctx, manager);
  }

  private async requireFreeName(name: string, except?: string) {
    const [taken] = await this.db.query(
      `SELECT 1 FROM sla_contracts WHERE lower(name) = lower($1) AND deleted_at IS NULL AND id IS DISTINCT FROM $2`,
      [name, except ?? null],
    );
    if (taken) throw conflict('NAME_TAKEN', `A contract "${name}" exists already`, 'name');
  }
}
