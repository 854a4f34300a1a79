import { ClienteleEvent, type Notifiable } from '@clientele/core';
import type { ClockKind } from '../clocks/clock-types.js';

/** A clock of a record reached a threshold: a warning percentage, or 100 for the breach. */
export interface SlaThresholdReached {
  recordType: string;
  recordId: string;
  clock: ClockKind;
  cycle: number;
  percent: number;
  /** When the threshold was reached (the breach job may notice it up to a minute later). */
  dueAt: string;
  contractId: string;
  level: string;
}

/**
 * Notifications about a ticket's clock render in the `ticket` template context; the clocks of
 * other kinds of record have no template context to speak of them.
 */
const aboutTicketClock: Notifiable<SlaThresholdReached> = {
  context: 'ticket',
  record: (p) => p.recordId,
  when: (p) => p.recordType === 'ticket',
};

/** A clock passed a warning threshold of its target (e.g. 80%); published once per clock and threshold. */
export class SlaWarning extends ClienteleEvent<SlaThresholdReached> {
  static readonly type = 'sla.warning';
  static readonly notifiable = aboutTicketClock;
}

/** A clock passed its target; published once per clock. */
export class SlaBreached extends ClienteleEvent<SlaThresholdReached> {
  static readonly type = 'sla.breached';
  static readonly notifiable = aboutTicketClock;
}

export const SLA_EVENTS = [SlaWarning, SlaBreached];
