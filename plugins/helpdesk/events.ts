import { ClienteleEvent, type Notifiable } from '@clientele/core';

/** Common to every ticket event: which ticket, its number and where it sits. */
export interface TicketRef {
  ticketId: string;
  number: string;
  areaId: string;
  customerId: string | null;
}

/** Who a ticket is assigned to: a user, a user group, or nobody yet. */
interface TicketAssignee {
  assigneeUserId: string | null;
  assigneeGroupId: string | null;
}

/** Notifications about a ticket render in the `ticket` template context (never a private message) or on its customer. */
const aboutTicket: Notifiable<TicketRef> = {
  context: 'ticket',
  record: (p) => p.ticketId,
  customer: (p) => p.customerId,
};

const assigneeOf = (p: TicketAssignee) => ({ userId: p.assigneeUserId, groupId: p.assigneeGroupId });

export class TicketCreated extends ClienteleEvent<
  TicketRef & TicketAssignee & { subject: string; state: string; requesterId: string | null }
> {
  static readonly type = 'ticket.created';
  static readonly notifiable: Notifiable<TicketRef & TicketAssignee> = { ...aboutTicket, assignee: assigneeOf };
}

export class TicketAssigned extends ClienteleEvent<TicketRef & TicketAssignee & { because: string }> {
  static readonly type = 'ticket.assigned';
  static readonly notifiable: Notifiable<TicketRef & TicketAssignee> = { ...aboutTicket, assignee: assigneeOf };
}

export class TicketStateChanged extends ClienteleEvent<
  TicketRef & { from: string; to: string; reason: string | null }
> {
  static readonly type = 'ticket.state_changed';
  static readonly notifiable = aboutTicket;
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
  /** A private message notifies nobody: even that it was written is for its readers only. */
  static readonly notifiable: Notifiable<TicketRef & { private: boolean }> = {
    ...aboutTicket,
    when: (p) => !p.private,
  };
}

export class TicketAwaitingAuthorisation extends ClienteleEvent<
  TicketRef & { subject: string; likelyDuplicates: string[] }
> {
  static readonly type = 'ticket.awaiting_authorisation';
  static readonly notifiable = aboutTicket;
}

export const helpdeskEvents = [
  TicketCreated,
  TicketAssigned,
  TicketStateChanged,
  TicketMessageAdded,
  TicketAwaitingAuthorisation,
];
