import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, ObjectLiteral } from 'typeorm';
import { newId } from '../database/ids.js';
import { notFound, refused, staleVersion } from '../errors/app-error.js';
import type { RequestContext } from '../auth/request-context.js';
import { HistoryService } from '../history/history.service.js';
import { EventBus } from '../events/event-bus.js';
import { ClienteleConfig } from '../config/config.js';
import { AuditableOptions, auditableOptions } from './auditable.js';
import { RecordChanged } from '../events/clientele-event.js';
import type { BaseRecord, SoftDeletableRecord } from './base.entity.js';

type EntityClass<T> = new () => T;
type RecordAction = 'created' | 'updated' | 'deleted' | 'restored';

const snapshot = (record: ObjectLiteral) => JSON.parse(JSON.stringify(record));

/**
 * Creates, changes, deletes and restores business records with the behaviour every record
 * shares: server-made ids, optimistic locking, history in the same transaction, soft delete
 * with retention, and a typed event with each change (see `AuditableOptions.events`).
 */
@Injectable()
export class RecordService {
  constructor(
    @InjectDataSource() readonly db: DataSource,
    private readonly history: HistoryService,
    private readonly events: EventBus,
    private readonly config: ClienteleConfig,
  ) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>, manager?: EntityManager): Promise<T> {
    return manager ? work(manager) : this.db.transaction(work);
  }

  async create<T extends BaseRecord>(
    entity: EntityClass<T>,
    data: Partial<T>,
    ctx: RequestContext,
    manager?: EntityManager,
  ): Promise<T> {
    const options = auditableOptions(entity);
    return this.transaction(async (m) => {
      const record = m.create(entity, { ...data, id: data.id ?? newId() } as any) as unknown as T;
      await m.save(record);
      await this.history.record(m, options, 'create', record.id, null, snapshot(record), ctx);
      await this.publish(m, options, 'created', record, ctx);
      return record;
    }, manager);
  }

  /**
   * The kind's event for this change, written to the outbox in the same transaction: handlers and
   * live updates hear of it only once it commits.
   */
  private async publish(
    manager: EntityManager,
    options: AuditableOptions,
    action: RecordAction,
    record: BaseRecord,
    ctx: RequestContext,
  ) {
    const event = options.events?.[action] as
      (new (...args: ConstructorParameters<typeof RecordChanged>) => RecordChanged) | undefined;
    if (!event) return;
    const scope = options.readPermission
      ? {
          nodeId: options.node(record),
          permission: options.readPermission,
          privateTo: options.privateTo?.(record) ?? null,
        }
      : undefined;
    await this.events.publish(
      manager,
      new event({ id: record.id, version: record.version }, scope, { type: options.type, id: record.id }),
      ctx,
    );
  }

  /** Loads the record locked for update; 404 when it does not exist. */
  async lock<T extends BaseRecord>(manager: EntityManager, entity: EntityClass<T>, id: string): Promise<T> {
    const record = await manager.findOne(entity, { where: { id } as any, lock: { mode: 'pessimistic_write' } });
    if (!record) throw notFound();
    return record;
  }

  /**
   * Applies `change` to the record if the client saw its current `version`; otherwise 409 with
   * the current version, and nothing is written.
   */
  async update<T extends BaseRecord>(
    entity: EntityClass<T>,
    id: string,
    expectedVersion: number | undefined,
    change: Partial<T> | ((record: T, manager: EntityManager) => void | Promise<void>),
    ctx: RequestContext,
    manager?: EntityManager,
  ): Promise<T> {
    const options = auditableOptions(entity);
    return this.transaction(async (m) => {
      const record = await this.lock(m, entity, id);
      if (expectedVersion !== undefined && record.version !== expectedVersion) throw staleVersion(record.version);
      const before = snapshot(record);
      if (typeof change === 'function') await change(record, m);
      else Object.assign(record, change);
      const after = snapshot(record);
      if (JSON.stringify({ ...before, version: 0 }) === JSON.stringify({ ...after, version: 0 })) return record;
      await m.save(record);
      await this.history.record(m, options, 'update', id, before, snapshot(record), ctx);
      await this.publish(m, options, 'updated', record, ctx);
      return record;
    }, manager);
  }

  async softDelete<T extends SoftDeletableRecord>(
    entity: EntityClass<T>,
    id: string,
    ctx: RequestContext,
    options: {
      expectedVersion?: number;
      manager?: EntityManager;
      also?: (record: T, manager: EntityManager) => Promise<void>;
    } = {},
  ): Promise<T> {
    const auditable = auditableOptions(entity);
    return this.transaction(async (m) => {
      const record = await this.lock(m, entity, id);
      if (record.deletedAt) throw notFound();
      if (options.expectedVersion !== undefined && record.version !== options.expectedVersion)
        throw staleVersion(record.version);
      const before = snapshot(record);
      record.deletedAt = new Date();
      record.deletedBy = ctx.userId || null;
      await m.save(record);
      await options.also?.(record, m);
      await this.history.record(m, auditable, 'delete', id, before, snapshot(record), ctx);
      await this.publish(m, auditable, 'deleted', record, ctx);
      return record;
    }, options.manager);
  }

  /** Brings a soft-deleted record back while its retention lasts; after that, 422. */
  async restore<T extends SoftDeletableRecord>(
    entity: EntityClass<T>,
    id: string,
    ctx: RequestContext,
    options: { manager?: EntityManager; also?: (record: T, manager: EntityManager) => Promise<void> } = {},
  ): Promise<T> {
    const auditable = auditableOptions(entity);
    const retention = this.config.retentionFor(auditable.type, auditable.retention);
    return this.transaction(async (m) => {
      const record = await this.lock(m, entity, id);
      if (!record.deletedAt) throw refused('NOT_DELETED', 'The record is not deleted');
      const [{ expired }] = await m.query(`SELECT $1::timestamptz + $2::interval < now() AS expired`, [
        record.deletedAt,
        retention,
      ]);
      if (expired) throw refused('RETENTION_EXPIRED', `Deleted records can be restored for ${retention} only`);
      const before = snapshot(record);
      record.deletedAt = null;
      record.deletedBy = null;
      await m.save(record);
      await options.also?.(record, m);
      await this.history.record(m, auditable, 'restore', id, before, snapshot(record), ctx);
      await this.publish(m, auditable, 'restored', record, ctx);
      return record;
    }, options.manager);
  }
}
