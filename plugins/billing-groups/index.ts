/** What other plugins may use of billing: its events, the standing of customers (balance and score) and the permission names. */
export { BillingGroupsPlugin } from './billing-groups.plugin.js';
export { CustomerSuspended, CustomerRestored, type CustomerSuspensionChange } from './events.js';
export { CustomerStandings, type CustomerStanding } from './accounts/customer-standings.js';
export { BILLING_CUSTOMER_READ, BILLING_GROUP_READ, KIND_BILLING_GROUP } from './constants.js';
export {
  CUSTOMER_PRICES,
  type CustomerPrices,
  type CustomerPrice,
  type DecidingPriceRule,
} from './invoices/customer-prices.js';
