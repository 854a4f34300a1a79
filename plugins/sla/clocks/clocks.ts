import { AROUND_THE_CLOCK } from '../business-time/calendar-definition.js';
import { BusinessCalendar } from '../business-time/business-calendar.js';
import { replay, type ClockRun } from './clock-runs.js';
import type { CalendarsById, ClockReading, ClockTarget, ContractTerms, SlaEvent, TicketClocks } from './clock-types.js';

const MINUTE = 60_000;
const date = (t: number | null) => (t === null ? null : new Date(t));

/**
 * The SLA clocks of a ticket, computed from its history alone. The level that applies now
 * (the last assessed, or the contract's default) and its targets are applied to the whole
 * history, so changing a ticket's level or contract mid-way recomputes every clock from the start.
 * Events after `now` are ignored. Pure: same input, same answer.
 */
export function clocks(
  events: readonly SlaEvent[],
  contract: ContractTerms,
  calendars: CalendarsById,
  now: Date,
): TicketClocks {
  const at = now.getTime();
  const { runs, level, levelSource } = replay(events, contract, at);
  const targets = contract.levels.find((l) => l.code === level)?.targets ?? {};
  const readings: ClockReading[] = [];
  for (const run of runs) {
    const target = targets[run.kind];
    if (target) readings.push(read(run, target, calendarOf(target, calendars), contract.warningPercents, at));
  }
  return { contractId: contract.id, level, levelSource, clocks: readings };
}

function calendarOf(target: ClockTarget, calendars: CalendarsById) {
  if (target.calendarId === null) return BusinessCalendar.of(AROUND_THE_CLOCK);
  const definition = calendars[target.calendarId];
  if (!definition) throw new Error(`Calendar ${target.calendarId} was not given`);
  return BusinessCalendar.of(definition);
}

/** Where a run stands at `now` against its target. */
function read(
  run: ClockRun,
  target: ClockTarget,
  calendar: BusinessCalendar,
  warningPercents: number[],
  now: number,
): ClockReading {
  const end = run.stop ?? now;
  const active = activeSpans(run, end);
  const targetMs = target.minutes * MINUTE;
  // Business time of each active span, counted once for the deadline and every threshold.
  const counted = active.map(([a, b]) => calendar.between(a, b));
  const used = counted.reduce((sum, n) => sum + n, 0);
  /** When `amount` of business time is used: within the history so far, or counting on from its end. */
  const reachedAt = (amount: number) => {
    let sum = 0;
    for (let i = 0; i < active.length; i++) {
      if (sum + counted[i] >= amount) return calendar.add(active[i][0], amount - sum);
      sum += counted[i];
    }
    return calendar.add(end, amount - sum);
  };
  const deadline = reachedAt(targetMs);
  const breached = deadline !== null && deadline < end;
  const pausedNow = run.stop === null && run.pauses.some((p) => p.to === null);
  const state = breached ? 'breached' : run.stop !== null ? 'met' : pausedNow ? 'paused' : 'running';
  return {
    kind: run.kind,
    cycle: run.cycle,
    targetMinutes: target.minutes,
    calendarId: target.calendarId,
    startedAt: new Date(run.start),
    stoppedAt: date(run.stop),
    state,
    deadline: date(deadline),
    usedMs: used,
    pausedMs: run.pauses.reduce((sum, p) => sum + (p.to ?? end) - p.from, 0),
    paused: run.pauses.map((p) => ({ from: new Date(p.from), to: date(p.to), state: p.state })),
    warnings: warningPercents.map((percent) => ({
      percent,
      at: date(reachedAt(Math.round((targetMs * percent) / 100))),
    })),
    forecast: {
      remainingMs: Math.max(0, targetMs - used),
      percentUsed: Math.round((used / targetMs) * 1000) / 10,
      breachAt: state === 'running' || state === 'paused' ? date(deadline) : null,
    },
  };
}

/** The run's span up to `end` with its pauses taken out. */
function activeSpans(run: ClockRun, end: number): [number, number][] {
  const spans: [number, number][] = [];
  let from = run.start;
  for (const p of run.pauses) {
    if (p.from > from) spans.push([from, Math.min(p.from, end)]);
    from = Math.max(from, p.to ?? end);
  }
  if (from < end) spans.push([from, end]);
  return spans;
}
