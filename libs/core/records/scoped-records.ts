import { Injectable } from '@nestjs/common';
import type { EntityManager, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { AccessService } from '../access/access.service.js';
import { ScopeTreeService } from '../access/scope-tree.service.js';
import type { RequestContext } from '../auth/request-context.js';
import { newId } from '../database/ids.js';
import type { BaseRecord, SoftDeletableRecord } from './base.entity.js';
import { RecordService } from './record.service.js';

export interface ScopedRecordOptions<T = any> {
  /** The scope kind of the record's node (declared in the plugin's `scopeKinds`). */
  kind: string;
  /** The node's label, kept equal to it as the record changes (the record's name). */
  label: (record: T) => string;
}

const SCOPED = Symbol('clientele:scoped-record');

/**
 * Marks an entity whose every record owns a scope node with the record's own id: grants given
 * on the record apply to it and everything placed below it. Use it with `@Auditable({ node: (r) => r.id })`.
 */
export function ScopedRecord<T>(options: ScopedRecordOptions<T>): ClassDecorator {
  return (target) => Reflect.defineMetadata(SCOPED, options, target);
}

/** Whether every record of `entity` owns the scope node with its own id. */
export const isScopedRecord = (entity: Function): boolean => Reflect.hasMetadata(SCOPED, entity);

function scopedOptions<T>(entity: Function): ScopedRecordOptions<T> {
  const options = Reflect.getMetadata(SCOPED, entity);
  if (!options) throw new Error(`${entity.name} is not a @ScopedRecord`);
  return options;
}

type EntityClass<T> = new () => T;

/** Which rows a list shows by its `deleted` parameter: live ones (default), `include` deleted ones too, or `only` those. */
export type DeletedFilter = 'include' | 'only' | undefined;

/**
 * Records placed in the access tree (customers, consumers, services, tickets, areas …): what
 * `RecordService` does for any record, plus the record's scope node in the same transaction —
 * created with it, relabelled when its label changes, disabled with its whole subtree when the
 * record is soft-deleted (grants inside stop applying at once) and enabled again on restore.
 */
@Injectable()
export class ScopedRecords {
  constructor(
    private readonly records: RecordService,
    private readonly tree: ScopeTreeService,
    private readonly access: AccessService,
  ) {}

  /** Creates the record and its node under `parentId` (node id = record id); 404 when the parent does not exist, 422 when its kind may not hold this one. */
  async create<T extends BaseRecord>(
    entity: EntityClass<T>,
    parentId: string,
    data: Partial<T>,
    ctx: RequestContext,
    manager?: EntityManager,
  ): Promise<T> {
    const options = scopedOptions<T>(entity);
    return this.records.transaction(async (m) => {
      const id = data.id ?? newId();
      await this.tree.create(m, { id, kind: options.kind, parentId, label: options.label(data as T) });
      return this.records.create(entity, { ...data, id }, ctx, m);
    }, manager);
  }

  /** `RecordService.update`, relabelling the node in the same transaction when the record's label changed. */
  async update<T extends BaseRecord>(
    entity: EntityClass<T>,
    id: string,
    expectedVersion: number | undefined,
    change: Partial<T> | ((record: T, manager: EntityManager) => void | Promise<void>),
    ctx: RequestContext,
    manager?: EntityManager,
  ): Promise<T> {
    const options = scopedOptions<T>(entity);
    return this.records.transaction(async (m) => {
      let label: string | undefined;
      const saved = await this.records.update(
        entity,
        id,
        expectedVersion,
        async (record, mm) => {
          label = options.label(record);
          if (typeof change === 'function') await change(record, mm);
          else Object.assign(record, change);
        },
        ctx,
        m,
      );
      if (label !== undefined && options.label(saved) !== label) await this.tree.relabel(m, id, options.label(saved));
      return saved;
    }, manager);
  }

  /** Soft delete that disables the record's subtree in the same transaction; 404 when already deleted, 409 on a stale version. */
  softDelete<T extends SoftDeletableRecord>(
    entity: EntityClass<T>,
    id: string,
    ctx: RequestContext,
    options: { expectedVersion?: number; manager?: EntityManager } = {},
  ) {
    scopedOptions(entity);
    return this.records.softDelete(entity, id, ctx, {
      ...options,
      also: (_record, m) => this.tree.disableSubtree(m, id),
    });
  }

  /** Restores the record and enables exactly what deleting it disabled (parts deleted on their own stay deleted). */
  restore<T extends SoftDeletableRecord>(
    entity: EntityClass<T>,
    id: string,
    ctx: RequestContext,
    options: { manager?: EntityManager } = {},
  ) {
    scopedOptions(entity);
    return this.records.restore(entity, id, ctx, { ...options, also: (_record, m) => this.tree.enableSubtree(m, id) });
  }

  /**
   * A list's access condition and its `deleted` filter: rows the caller may read with
   * `permission` at their node; deleted ones (on disabled nodes) only when asked for.
   */
  restrictList<Q extends ObjectLiteral>(
    qb: SelectQueryBuilder<Q>,
    alias: string,
    permission: string,
    ctx: RequestContext,
    deleted: DeletedFilter,
  ) {
    this.access.restrict(qb, `${alias}.id`, permission, ctx, { includeDisabled: deleted !== undefined });
    if (deleted === 'only') qb.andWhere(`${alias}.deletedAt IS NOT NULL`);
    else if (deleted !== 'include') qb.andWhere(`${alias}.deletedAt IS NULL`);
    return qb;
  }
}
