/** What other plugins (templates, reports) may use of the helpdesk: the plugin, its permissions, its events and the states and severities of tickets. */
export { HelpdeskPlugin } from './helpdesk.plugin.js';
export {
  TICKET_READ,
  TICKET_WRITE,
  AREA_MANAGE,
  REQUEST_READ,
  REQUEST_FILE,
  TICKET_TYPE,
  AREA_TYPE,
  MESSAGE_TYPE,
  KIND_AREA,
  KIND_TICKET,
} from './constants.js';
export {
  TicketCreated,
  TicketAssigned,
  TicketStateChanged,
  TicketMessageAdded,
  TicketAwaitingAuthorisation,
  type TicketRef,
} from './events.js';
export { TICKET_STATES, SEVERITIES, type TicketState, type Severity } from './tickets/workflow.js';
export {
  CUSTOMER_GROUP_TERMS,
  type CustomerGroupTermsPort,
  type GroupSlaTermsView,
  type GroupResponsibilityView,
} from './sla/group-terms.js';
export { PAYMENT_SCORE, type PaymentScoreSort } from './tickets/payment-score.js';
