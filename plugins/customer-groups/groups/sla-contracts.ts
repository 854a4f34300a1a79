import { Injectable } from '@nestjs/common';
import { OptionalPorts, RequestContext, definePort, invalid } from '@clientele/core';

/**
 * What this plugin needs of the sla plugin (an optional dependency): whether a contract exists
 * for the caller. The sla plugin provides it; this plugin never imports it.
 */
export interface SlaContractLookup {
  contractExists(ctx: RequestContext, id: string): Promise<boolean>;
}

export const SLA_CONTRACTS = definePort<SlaContractLookup>('customer-groups.sla-contracts');

/** A group's SLA contract exists only while the sla plugin is enabled; then it must name one of its contracts. */
@Injectable()
export class SlaContracts {
  constructor(private readonly ports: OptionalPorts) {}

  async check(ctx: RequestContext, contractId: string | null | undefined) {
    if (contractId === undefined || contractId === null) return;
    const lookup = this.ports.get(SLA_CONTRACTS);
    if (!lookup)
      throw invalid('slaContractId', 'SLA_NOT_ENABLED', 'SLA contracts exist only while the sla plugin is enabled');
    if (!(await lookup.contractExists(ctx, contractId)))
      throw invalid('slaContractId', 'UNKNOWN_SLA_CONTRACT', 'No such SLA contract');
  }
}
