import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  AccessService,
  ListQueryDto,
  RequestContext,
  SYSTEM_NODE_ID,
  ScopedRecords,
  notFound,
  paginate,
  escapeLike,
} from '@clientele/core';
import { ADDRESS_BOOK_MANAGE, ADDRESS_BOOK_READ } from '../constants.js';
import { AddressBook } from '../entities/address-book.entity.js';

/** Address books: scope nodes under the system whose grants decide who sees their customers. */
@Injectable()
export class AddressBooksService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly scoped: ScopedRecords,
    private readonly access: AccessService,
  ) {}

  async create(dto: { name: string; description?: string }, ctx: RequestContext) {
    await this.access.require(ctx, ADDRESS_BOOK_MANAGE, SYSTEM_NODE_ID, ADDRESS_BOOK_READ);
    return this.scoped.create(AddressBook, SYSTEM_NODE_ID, { name: dto.name, description: dto.description ?? '' }, ctx);
  }

  list(ctx: RequestContext, query: ListQueryDto) {
    const qb = this.db.getRepository(AddressBook).createQueryBuilder('b').where('b.deletedAt IS NULL');
    this.access.restrict(qb, 'b.id', ADDRESS_BOOK_READ, ctx);
    if (query.q)
      qb.andWhere('clientele_normalize(b.name) LIKE clientele_normalize(:q)', { q: `%${escapeLike(query.q)}%` });
    return paginate(qb, query, {
      sorts: { name: { column: 'b.name', value: (b: AddressBook) => b.name, type: 'text' } },
      defaultSort: 'name',
      idColumn: 'b.id',
    });
  }

  async get(id: string, ctx: RequestContext) {
    const book = await this.db.getRepository(AddressBook).findOne({ where: { id } });
    if (!book || book.deletedAt || !(await this.access.can(ctx, ADDRESS_BOOK_READ, id))) throw notFound('Address book');
    return book;
  }

  async update(id: string, dto: { name?: string; description?: string; version?: number }, ctx: RequestContext) {
    await this.get(id, ctx);
    await this.access.require(ctx, ADDRESS_BOOK_MANAGE, id, ADDRESS_BOOK_READ);
    const { version, ...patch } = dto;
    return this.scoped.update(AddressBook, id, version, patch, ctx);
  }
}
