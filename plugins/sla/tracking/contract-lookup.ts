import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { RequestContext } from '@clientele/core';

/**
 * Whether a contract exists (and is live): for the helpdesk, which depends on SLA, and as the
 * port `customer-groups.sla-contracts` for customer groups, which runs without SLA too and never
 * imports it (whether a group may name a contract).
 */
@Injectable()
export class ContractLookup {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async contractExists(_ctx: RequestContext, id: string) {
    const [row] = await this.db.query(`SELECT 1 FROM sla_contracts WHERE id = $1 AND deleted_at IS NULL`, [id]);
    return !!row;
  }
}
