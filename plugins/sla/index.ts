/**
 * What other plugins (the helpdesk) may use of SLA: the pure clock function and its types, the
 * owner interface a plugin implements for records that carry clocks, the `SlaClocks` service to
 * track and explain them, and the events it publishes.
 */
export { SlaPlugin } from './sla.plugin.js';
export { clocks } from './clocks/clocks.js';
export type {
  SlaEvent,
  ClockKind,
  ClockState,
  ClockReading,
  ClockTarget,
  ContractTerms,
  LevelTerms,
  TicketClocks,
  PausedInterval,
  CalendarsById,
} from './clocks/clock-types.js';
export type {
  CalendarDefinition,
  WorkingWindow,
  Holiday,
  PublicHolidays,
  Weekday,
} from './business-time/calendar-definition.js';
export type { SlaClockOwner, SlaRecordHistory } from './tracking/clock-owner.js';
export type { ContractReason } from './tracking/contract-choice.js';
export { SlaClocks, type SlaExplanation } from './tracking/sla-clocks.service.js';
export { ContractLookup } from './tracking/contract-lookup.js';
export type { ComputedRecord } from './tracking/clock-store.js';
export { SlaWarning, SlaBreached, type SlaThresholdReached } from './tracking/sla-events.js';
export { SLA_READ, SLA_MANAGE, SLA_ASSIGN } from './constants.js';
