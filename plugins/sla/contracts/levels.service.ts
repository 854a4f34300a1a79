import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import {
  HistoryQueryDto,
  HistoryQueryService,
  HistoryService,
  ListQueryDto,
  RecordService,
  RequestContext,
  auditableOptions,
  conflict,
  invalid,
  notFound,
  paginate,
  refused,
} from '@clientele/core';
import { LEVEL_TYPE } from '../constants.js';
import { SlaContract } from '../entities/contract.entity.js';
import { SlaLevel } from '../entities/level.entity.js';
import type { CreateLevelDto, LevelTargetsDto, NewLevelDto, UpdateLevelDto } from '../dto/contract.dto.js';
import { RecomputeRequests } from '../tracking/recompute-requests.js';

const TARGET_FIELDS = [
  'firstResponseMinutes',
  'firstResponseCalendarId',
  'nextResponseMinutes',
  'nextResponseCalendarId',
  'resolutionMinutes',
  'resolutionCalendarId',
] as const;

/** Levels of a contract; a change of targets recomputes the contract's open records. */
@Injectable()
export class LevelsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly records: RecordService,
    private readonly history: HistoryQueryService,
    private readonly historyWriter: HistoryService,
    private readonly recompute: RecomputeRequests,
  ) {}

  list(query: ListQueryDto) {
    return paginate(this.db.getRepository(SlaLevel).createQueryBuilder('l'), query, {
      sorts: {
        position: { column: 'l.position', value: (l: SlaLevel) => l.position, type: 'numeric' },
        code: { column: 'l.code', value: (l: SlaLevel) => l.code, type: 'text' },
      },
      defaultSort: 'position',
      idColumn: 'l.id',
      filters: { contractId: { column: 'l.contract_id', type: 'uuid' } },
    });
  }

  of(contractId: string, manager: EntityManager = this.db.manager) {
    return manager.find(SlaLevel, { where: { contractId }, order: { position: 'ASC', id: 'ASC' } });
  }

  async exists(manager: EntityManager, contractId: string, code: string) {
    return (await manager.count(SlaLevel, { where: { contractId, code } })) > 0;
  }

  async get(id: string) {
    const level = await this.db.getRepository(SlaLevel).findOne({ where: { id } });
    if (!level) throw notFound('Level');
    return level;
  }

  async create(ctx: RequestContext, dto: CreateLevelDto) {
    const { contractId, ...level } = dto;
    return this.records.transaction(async (manager) => {
      const contract = await manager.findOne(SlaContract, { where: { id: contractId } });
      if (!contract || contract.deletedAt) throw invalid('contractId', 'UNKNOWN_CONTRACT', 'No such contract');
      return this.add(manager, ctx, contractId, level);
    });
  }

  /** Adds a level inside the caller's transaction (a new contract's levels come this way). */
  async add(manager: EntityManager, ctx: RequestContext, contractId: string, dto: NewLevelDto) {
    if (await this.exists(manager, contractId, dto.code))
      throw conflict('CODE_TAKEN', `The contract has a level "${dto.code}" already`, 'code');
    await this.checkCalendars(manager, dto);
    return this.records.create(
      SlaLevel,
      {
        contractId,
        code: dto.code,
        name: dto.name.trim(),
        position: dto.position ?? 0,
        ...targetsOf(dto),
      },
      ctx,
      manager,
    );
  }

  async update(ctx: RequestContext, id: string, dto: UpdateLevelDto) {
    const level = await this.get(id);
    return this.records.transaction(async (manager) => {
      await this.checkCalendars(manager, dto);
      let targetsChanged = false;
      const saved = await this.records.update(
        SlaLevel,
        id,
        dto.version,
        (l) => {
          const before = JSON.stringify(targetsOf(l));
          if (dto.name !== undefined) l.name = dto.name.trim();
          if (dto.position !== undefined) l.position = dto.position;
          for (const field of TARGET_FIELDS) if (dto[field] !== undefined) (l[field] as unknown) = dto[field];
          targetsChanged = JSON.stringify(targetsOf(l)) !== before;
        },
        ctx,
        manager,
      );
      const recomputeJobId = targetsChanged
        ? await this.recompute.request(manager, { contractId: level.contractId }, ctx)
        : null;
      return Object.assign(saved, { recomputeJobId });
    });
  }

  /** The contract's default level stays; removing another recomputes the records that were on it (they fall back to the default). */
  async remove(ctx: RequestContext, id: string) {
    const level = await this.get(id);
    const contract = await this.db.getRepository(SlaContract).findOneOrFail({ where: { id: level.contractId } });
    if (contract.defaultLevel === level.code)
      throw refused('DEFAULT_LEVEL', "The contract's default level cannot be removed; choose another default first");
    await this.records.transaction(async (manager) => {
      await this.historyWriter.record(
        manager,
        auditableOptions(SlaLevel),
        'delete',
        id,
        JSON.parse(JSON.stringify(level)),
        null,
        ctx,
      );
      await manager.delete(SlaLevel, id);
      await this.recompute.request(manager, { contractId: level.contractId }, ctx);
    });
  }

  async historyOf(ctx: RequestContext, id: string, query: HistoryQueryDto) {
    await this.get(id);
    return this.history.forRecord(ctx, LEVEL_TYPE, id, query);
  }

  private async checkCalendars(manager: EntityManager, dto: LevelTargetsDto) {
    for (const field of ['firstResponseCalendarId', 'nextResponseCalendarId', 'resolutionCalendarId'] as const) {
      const id = dto[field];
      if (!id) continue;
      const [live] = await manager.query(`SELECT 1 FROM sla_calendars WHERE id = $1 AND deleted_at IS NULL`, [id]);
      if (!live) throw invalid(field, 'UNKNOWN_CALENDAR', 'No such calendar');
    }
  }
}

function targetsOf(source: LevelTargetsDto) {
  return Object.fromEntries(TARGET_FIELDS.map((f) => [f, source[f] ?? null])) as Record<
    (typeof TARGET_FIELDS)[number],
    any
  >;
}
