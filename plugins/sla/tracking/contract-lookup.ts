import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { RequestContext } from '@clientele/core';

/**
 * Provided under the token `sla.contract-lookup`, which the customer-groups plugin asks for by
 * name (it may run without SLA and never imports it): whether a group may name a contract.
 */
@Injectable()
export class ContractLookup {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async contractExists(_ctx: RequestContext, id: string) {
    const [row] = await this.db.query(`SELECT 1 FROM sla_contracts WHERE id = $1 AND deleted_at IS NULL`, [id]);
    return !!row;
  }
}
