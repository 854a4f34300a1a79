import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AccessService, ListQueryDto, RequestContext, SYSTEM_NODE_ID, paginate } from '@clientele/core';
import { BILLING_PAYMENT_MANAGE } from '../constants.js';
import { BankStatement } from '../entities/bank-statement.entity.js';

/** Imported statements, newest first, to those who work the receiving group's payments. */
@Injectable()
export class StatementsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: AccessService,
  ) {}

  list(ctx: RequestContext, query: ListQueryDto) {
    const qb = this.db.getRepository(BankStatement).createQueryBuilder('s');
    this.access.restrict(qb, `COALESCE(s.group_id, '${SYSTEM_NODE_ID}'::uuid)`, BILLING_PAYMENT_MANAGE, ctx);
    return paginate(qb, query, {
      sorts: { importedAt: { column: 's.id', value: (s: BankStatement) => s.id, type: 'uuid' } },
      defaultSort: '-importedAt',
      idColumn: 's.id',
      filters: { groupId: { column: 's.group_id', type: 'uuid' }, format: { column: 's.format' } },
    });
  }
}
