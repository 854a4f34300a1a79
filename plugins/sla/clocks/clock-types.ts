import type { CalendarDefinition } from '../business-time/calendar-definition.js';

/** The three clocks a contract level can set targets for. */
export const CLOCK_KINDS = ['firstResponse', 'nextResponse', 'resolution'] as const;
export type ClockKind = (typeof CLOCK_KINDS)[number];

/**
 * What happened to a ticket, in the order it happened; all a clock is computed from.
 * `state` events name the ticket's state as the helpdesk calls it; `resolved` marks the states
 * in which the ticket counts as solved (reopening is a later `state` event without it).
 * `level` is the severity assessed; `contract` says the ticket moved to another contract
 * (with a level, or the new contract's default).
 */
export type SlaEvent =
  | { type: 'created'; at: Date }
  | { type: 'customerMessage'; at: Date }
  | { type: 'staffReply'; at: Date }
  | { type: 'state'; at: Date; state: string; resolved?: boolean }
  | { type: 'level'; at: Date; level: string }
  | { type: 'contract'; at: Date; contractId: string; level?: string };

/** A target of a level: business minutes, counted in a calendar or, when `calendarId` is null, around the clock. */
export interface ClockTarget {
  minutes: number;
  calendarId: string | null;
}

export interface LevelTerms {
  code: string;
  targets: Partial<Record<ClockKind, ClockTarget>>;
}

/** A contract as the clocks need it: plain data, as stored. */
export interface ContractTerms {
  id: string;
  defaultLevel: string;
  levels: LevelTerms[];
  /** Ticket states that stop a clock from counting (e.g. waiting for the customer). */
  pauses: { state: string; clocks: ClockKind[] }[];
  /** Percentages of a target at which a warning is due, e.g. [80]; the breach is at 100. */
  warningPercents: number[];
}

export type ClockState = 'running' | 'paused' | 'met' | 'breached';

export interface PausedInterval {
  from: Date;
  /** Null while the pause lasts. */
  to: Date | null;
  /** The ticket state that paused the clock. */
  state: string;
}

export interface ClockReading {
  kind: ClockKind;
  /** 1 for first response and resolution; the n-th customer message awaiting a reply for next response. */
  cycle: number;
  targetMinutes: number;
  calendarId: string | null;
  startedAt: Date;
  stoppedAt: Date | null;
  state: ClockState;
  /**
   * When the target is (or was) reached: for a running clock its deadline, for a paused one the
   * deadline if it resumed now, for a met one the deadline it beat, for a breached one the moment
   * it was breached. Null only when the calendar has no working time ahead.
   */
  deadline: Date | null;
  /** Business time counted so far (until the stop for a stopped clock). */
  usedMs: number;
  /** Wall-clock time spent paused. */
  pausedMs: number;
  paused: PausedInterval[];
  /** When each warning threshold is (or would be, running on) reached. */
  warnings: { percent: number; at: Date | null }[];
  forecast: {
    /** Business time left before the breach; 0 once breached. */
    remainingMs: number;
    percentUsed: number;
    /** The breach if nothing changes: null when the clock has stopped or is already breached. */
    breachAt: Date | null;
  };
}

export interface TicketClocks {
  contractId: string;
  level: string;
  /** `assessed` when an event set the level, `default` when the contract's default applies. */
  levelSource: 'assessed' | 'default';
  clocks: ClockReading[];
}

/** Calendars by id, as the contract's targets name them. */
export type CalendarsById = Readonly<Record<string, CalendarDefinition>>;
