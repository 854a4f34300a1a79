import { ClienteleEvent } from '@clientele/core';

/** Common to every ticket event: which ticket, its number and where it sits. */
export interface TicketRef {
  ticketId: string;
  number: string;
  areaId: string;
  customerId: string | null;
}

export class TicketCreated extends ClienteleEvent<
  TicketRef & { subject: string; state: string; requesterId: string | null }
> {
  static readonly type = 'ticket.created';
}

export class TicketAssigned extends ClienteleEvent<
  TicketRef & { assigneeUserId: string | null; assigneeGroupId: string | null; because: string }
> {
  static readonly type = 'ticket.assigned';
}

export class TicketStateChanged extends ClienteleEvent<
  TicketRef & { from: string; to: string; reason: string | null }
> {
  static readonly type = 'ticket.state_changed';
}

/** A message arrived; a private one names only who wrote it and to whom, never its content. */
export class TicketMessageAdded extends ClienteleEvent<
  TicketRef & {
    messageId: string;
    authorId: string | null;
    fromCustomer: boolean;
    private: boolean;
    addresseeId: string | null;
    excerpt: string | null;
  }
> {
  static readonly type = 'ticket.message_added';
}

export class TicketAwaitingAuthorisation extends ClienteleEvent<
  TicketRef & { subject: string; likelyDuplicates: string[] }
> {
  static readonly type = 'ticket.awaiting_authorisation';
}

export const helpdeskEvents = [
  TicketCreated,
  TicketAssigned,
  TicketStateChanged,
  TicketMessageAdded,
  TicketAwaitingAuthorisation,
];
