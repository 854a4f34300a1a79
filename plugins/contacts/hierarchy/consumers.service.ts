import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AccessService, ListQueryDto, RequestContext, ScopedRecords, notFound, paginate } from '@clientele/core';
import { CONSUMER_DELETE, CONSUMER_READ, CONSUMER_WRITE } from '../constants.js';
import { Consumer } from '../entities/consumer.entity.js';

/** Consumers of a customer; each is a scope node under the customer (node id = consumer id). */
@Injectable()
export class ConsumersService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly scoped: ScopedRecords,
    private readonly access: AccessService,
  ) {}

  async createInTransaction(
    manager: EntityManager,
    customerId: string,
    name: string,
    isDefault: boolean,
    ctx: RequestContext,
  ) {
    return this.scoped.create(Consumer, customerId, { customerId, name, isDefault }, ctx, manager);
  }

  async create(customerId: string, name: string, ctx: RequestContext) {
    return this.db.transaction(async (m) => {
      const [customer] = await m.query(`SELECT id FROM contacts_customers WHERE id = $1 AND deleted_at IS NULL`, [
        customerId,
      ]);
      if (!customer) throw notFound('Customer');
      await this.access.require(ctx, CONSUMER_WRITE, customerId, CONSUMER_READ, m);
      return this.createInTransaction(m, customerId, name, false, ctx);
    });
  }

  list(customerId: string, ctx: RequestContext, query: ListQueryDto) {
    const qb = this.db
      .getRepository(Consumer)
      .createQueryBuilder('c')
      .where('c.customerId = :customerId', { customerId });
    this.scoped.restrictList(qb, 'c', CONSUMER_READ, ctx, query.deleted);
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
    return this.scoped.update(
      Consumer,
      id,
      dto.version,
      (c) => {
        if (c.deletedAt) throw notFound('Consumer');
        if (dto.name !== undefined) c.name = dto.name;
      },
      ctx,
    );
  }

  async remove(id: string, version: number | undefined, ctx: RequestContext) {
    await this.access.require(ctx, CONSUMER_DELETE, id, CONSUMER_READ);
    await this.scoped.softDelete(Consumer, id, ctx, { expectedVersion: version });
  }

  async restore(id: string, ctx: RequestContext) {
    const consumer = await this.db.getRepository(Consumer).findOne({ where: { id } });
    if (!consumer || !(await this.access.can(ctx, CONSUMER_DELETE, consumer.customerId))) throw notFound('Consumer');
    return this.scoped.restore(Consumer, id, ctx);
  }
}
