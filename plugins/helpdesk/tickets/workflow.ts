import { refused } from '@clientele/core';

export const TICKET_STATES = [
  'new',
  'awaiting_authorisation',
  'open',
  'waiting_for_customer',
  'resolved',
  'closed',
] as const;
export type TicketState = (typeof TICKET_STATES)[number];

export const SEVERITIES = ['critical', 'high', 'normal', 'low'] as const;
export type Severity = (typeof SEVERITIES)[number];

/**
 * Where a ticket may go from each state. Reopening is going back to `open` from `resolved` or
 * `closed`. A request waiting for authorisation leaves it only through the authorisation
 * decision (approved: `new`; rejected with a reason: `closed`), never by a plain state change.
 */
const NEXT: Record<TicketState, readonly TicketState[]> = {
  new: ['open', 'waiting_for_customer', 'resolved', 'closed'],
  awaiting_authorisation: [],
  open: ['waiting_for_customer', 'resolved', 'closed'],
  waiting_for_customer: ['open', 'resolved', 'closed'],
  resolved: ['open', 'closed'],
  closed: ['open'],
};

/** States in which the ticket counts as solved for its SLA (the resolution clock stops). */
export const isResolvedState = (state: TicketState) => state === 'resolved' || state === 'closed';

/** States in which a ticket is still being worked on (lists of open tickets, duplicates). */
export const OPEN_STATES: readonly TicketState[] = ['new', 'awaiting_authorisation', 'open', 'waiting_for_customer'];

/** 422 `STATE_TRANSITION` when the workflow has no step from `from` to `to`. */
export function checkTransition(from: TicketState, to: TicketState) {
  if (from === 'awaiting_authorisation')
    throw refused('AWAITING_AUTHORISATION', 'The request waits for authorisation: approve or reject it');
  if (from === to || !NEXT[from].includes(to)) {
    throw refused(
      'STATE_TRANSITION',
      `A ticket cannot go from ${from} to ${to}; from ${from} it may go to ${NEXT[from].join(', ')}`,
    );
  }
}
