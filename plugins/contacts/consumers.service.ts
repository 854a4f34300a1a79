import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AccessService, ListQueryDto, RecordService, RequestContext, ScopeTreeService, newId, notFound, paginate } from '@clientele/core';
import { CONSUMER_DELETE, CONSUMER_READ, CONSUMER_WRITE, KIND_CONSUMER } from './constants.js';
import { Consumer } from './entities/consumer.entity.js';

/** Consumers of a customer; each is a scope node under the customer (node id = consumer id). */
@Injectable()
export class ConsumersService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly records: RecordService,
    private readonly access: AccessService,
    private readonly tree: ScopeTreeService,
  ) {}

  async createInTransaction(manager: EntityManager, customerId: string, name: string, isDefault: boolean, ctx: RequestContext) {
    const id = newId();
    await this.tree.create(manager, { id, kind: KIND_CONSUMER, parentId: customerId, label: name });
    return this.records.create(Consumer, { id, customerId, name, isDefault }, ctx, manager);
  }

  async create(customerId: string, name: string, ctx: RequestContext) {
    return this.db.transaction(async (m) => {
      const [customer] = await m.query(`SELECT id FROM contacts_customers WHERE id = $1 AND deleted_at IS NULL`, [customerId]);
      if (!customer) throw notFound('Customer');
      await this.access.require(ctx, CONSUMER_WRITE, customerId, CONSUMER_READ, m);
      return this.createInTransaction(m, customerId, name, false, ctx);
    });
  }

  list(customerId: string, ctx: RequestContext, query: ListQueryDto) {
    const qb = this.db.getRepository(Consumer).createQueryBuilder('c').where('c.customerId = :customerId', { customerId });
    this.access.restrict(qb, 'c.id', CONSUMER_READ, ctx, { includeDisabled: query.deleted !== undefined });
    if (query.deleted === 'only') qb.andWhere('c.deletedAt IS NOT NULL');
    else if (query.deleted !== 'include') qb.andWhere('c.deletedAt IS NULL');
    return paginate(qb, query, {
      sorts: { name: { column: 'c.name', value: (c: Consumer) => c.name, type: 'text' } },
      defaultSort: 'name',
      idColumn: 'c.id',
    });
  }

  async get(id: string, ctx: RequestContext) {
    const consumer = await this.db.getRepository(Consumer).findOne({ where: { id } });
    if (!consumer || consumer.deletedAt || !(await this.access.can(ctx, CONSUMER_READ, id))) throw notFound('Consumer');
    return consumer;
  }

  async update(id: string, dto: { name?: string; version?: number }, ctx: RequestContext) {
    await this.access.require(ctx, CONSUMER_WRITE, id, CONSUMER_READ);
    return this.db.transaction(async (m) => {
      const saved = await this.records.update(Consumer, id, dto.version, (c) => {
        if (c.deletedAt) throw notFound('Consumer');
        if (dto.name !== undefined) c.name = dto.name;
      }, ctx, m);
      if (dto.name !== undefined) await this.tree.relabel(m, id, dto.name);
      return saved;
    });
  }

  async remove(id: string, version: number | undefined, ctx: RequestContext) {
    await this.access.require(ctx, CONSUMER_DELETE, id, CONSUMER_READ);
    await this.records.softDelete(Consumer, id, ctx, { expectedVersion: version, also: (_c, m) => this.tree.disableSubtree(m, id) });
  }

  async restore(id: string, ctx: RequestContext) {
    const consumer = await this.db.getRepository(Consumer).findOne({ where: { id } });
    if (!consumer || !(await this.access.can(ctx, CONSUMER_DELETE, consumer.customerId))) throw notFound('Consumer');
    return this.records.restore(Consumer, id, ctx, { also: (_c, m) => this.tree.enableSubtree(m, id) });
  }
}
