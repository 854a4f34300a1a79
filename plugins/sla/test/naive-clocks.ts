import type { CalendarDefinition } from '../business-time/calendar-definition.js';
import type { ClockKind, ClockState, ContractTerms, SlaEvent } from '../clocks/clock-types.js';
import { NaiveCalendar } from './naive-calendar.js';

const MINUTE = 60_000;

export interface NaiveReading {
  kind: ClockKind;
  startedAt: number;
  usedMinutes: number;
  deadline: number;
  state: ClockState;
}

/**
 * The reference for `clocks()`: for every minute it asks, from scratch, what the history says
 * about that minute, and counts it if the clock runs. Expects minute-aligned events at distinct
 * times. Beyond the clock's end (its stop, or now) a minute counts whenever the calendar works.
 */
export function naiveClocks(
  events: SlaEvent[],
  contract: ContractTerms,
  calendars: Record<string, CalendarDefinition>,
  now: number,
): NaiveReading[] {
  const past = events
    .map((e) => ({ ...e, t: e.at.getTime() }))
    .filter((e) => e.t <= now)
    .sort((a, b) => a.t - b.t);
  const created = past.find((e) => e.type === 'created')?.t;
  if (created === undefined) return [];
  const seen = past.filter((e) => e.t >= created);
  const upTo = (m: number) => seen.filter((e) => e.t <= m);
  const lastState = (m: number) =>
    upTo(m)
      .filter((e) => e.type === 'state')
      .pop() as Extract<SlaEvent, { type: 'state' }> | undefined;
  const resolvedAt = (m: number) => !!lastState(m)?.resolved;
  const pauses = (kind: ClockKind, m: number) => {
    const s = lastState(m);
    return !!s && (s.resolved || contract.pauses.some((p) => p.state === s.state && p.clocks.includes(kind)));
  };
  const isAnswer = (e: (typeof seen)[number]) => e.type === 'staffReply' || (e.type === 'state' && !!e.resolved);
  // The last word on the level: a level assessed, or the SLA set again (with a level, or back to the default).
  const said = [...seen].reverse().find((e) => e.type === 'level' || e.type === 'contract') as
    { level?: string } | undefined;
  const code = said?.level && contract.levels.some((l) => l.code === said.level) ? said.level : contract.defaultLevel;
  const targets = contract.levels.find((l) => l.code === code)!.targets;

  const clock = (
    kind: ClockKind,
    start: number,
    stop: number | null,
    counts: (m: number) => boolean,
  ): NaiveReading | null => {
    const target = targets[kind];
    if (!target) return null;
    const calendar = new NaiveCalendar(
      target.calendarId
        ? calendars[target.calendarId]
        : { timeZone: 'UTC', aroundTheClock: true, week: {}, holidays: [], publicHolidays: null },
    );
    const end = stop ?? now;
    let used = 0;
    let counted = 0;
    let deadline = -1;
    for (let m = start; deadline < 0 || m < end; m += MINUTE) {
      const runs = m < end ? counts(m) && calendar.isWorkingMinute(m) : calendar.isWorkingMinute(m);
      if (!runs) continue;
      if (m < end) used++;
      if (++counted === target.minutes) deadline = m + MINUTE;
    }
    const state: ClockState =
      deadline < end ? 'breached' : stop !== null ? 'met' : pauses(kind, now) ? 'paused' : 'running';
    return { kind, startedAt: start, usedMinutes: used, deadline, state };
  };

  const readings: (NaiveReading | null)[] = [];
  const firstStop = seen.find((e) => isAnswer(e))?.t ?? null;
  readings.push(clock('firstResponse', created, firstStop, (m) => !pauses('firstResponse', m)));
  // The resolution clock stops when the ticket's last resolved spell began.
  let spell: number | null = null;
  for (const e of seen) if (e.type === 'state') spell = e.resolved ? (spell ?? e.t) : null;
  readings.push(clock('resolution', created, spell, (m) => !resolvedAt(m) && !pauses('resolution', m)));
  // Each customer message that finds no unanswered one before it, after the first answer, on an unresolved ticket, starts a cycle.
  let open: number | null = null;
  for (const e of seen) {
    if (e.type === 'customerMessage' && open === null && firstStop !== null && e.t > firstStop && !resolvedAt(e.t)) {
      open = e.t;
      const answer = seen.find((x) => x.t > e.t && isAnswer(x))?.t ?? null;
      readings.push(clock('nextResponse', e.t, answer, (m) => !pauses('nextResponse', m)));
    }
    if (isAnswer(e)) open = null;
  }
  return readings.filter((r): r is NaiveReading => r !== null);
}
