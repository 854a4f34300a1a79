/** What other plugins may use of customer groups: the plugin, its permissions, its events and the terms it gives a customer (SLA, responsibility). */
export { CustomerGroupsPlugin } from './customer-groups.plugin.js';
export {
  GROUP_READ,
  GROUP_MANAGE,
  MEMBERSHIP_READ,
  PRICE_READ,
  PRICING_READ,
  PRICING_MANAGE,
  RESPONSIBILITY_READ,
  RESPONSIBILITY_MANAGE,
  KIND_CUSTOMER_GROUP,
} from './constants.js';
export * from './events.js';
export { SLA_CONTRACTS, type SlaContractLookup } from './groups/sla-contracts.js';
export { CustomerGroupTerms, type GroupSlaTerms } from './group-terms.js';
