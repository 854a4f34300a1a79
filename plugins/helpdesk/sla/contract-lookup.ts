import type { RequestContext } from '@clientele/core';

/** The sla plugin's answer to "does this contract exist (and is it live)?", provided under this token. */
export const SLA_CONTRACT_LOOKUP = 'sla.contract-lookup';

export interface SlaContractLookup {
  contractExists(ctx: RequestContext, id: string): Promise<boolean>;
}
