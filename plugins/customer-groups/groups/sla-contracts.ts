import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { PluginRegistry, RequestContext, invalid } from '@clientele/core';

/**
 * What this plugin needs of the sla plugin (an optional dependency): whether a contract exists
 * for the caller. The sla plugin provides it under this token; this plugin never imports it.
 */
export const SLA_CONTRACT_LOOKUP = 'sla.contract-lookup';
export interface SlaContractLookup {
  contractExists(ctx: RequestContext, id: string): Promise<boolean>;
}

/** A group's SLA contract exists only while the sla plugin is enabled; then it must name one of its contracts. */
@Injectable()
export class SlaContracts {
  constructor(
    private readonly plugins: PluginRegistry,
    private readonly modules: ModuleRef,
  ) {}

  async check(ctx: RequestContext, contractId: string | null | undefined) {
    if (contractId === undefined || contractId === null) return;
    if (!this.plugins.has('sla'))
      throw invalid('slaContractId', 'SLA_NOT_ENABLED', 'SLA contracts exist only while the sla plugin is enabled');
    const lookup = this.modules.get<SlaContractLookup>(SLA_CONTRACT_LOOKUP, { strict: false });
    if (!(await lookup.contractExists(ctx, contractId)))
      throw invalid('slaContractId', 'UNKNOWN_SLA_CONTRACT', 'No such SLA contract');
  }
}
