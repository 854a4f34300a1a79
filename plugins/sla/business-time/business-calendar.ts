import { WEEKDAYS, minuteOfDay, type CalendarDefinition } from './calendar-definition.js';
import { holidayTest } from './holidays.js';
import { DAY, MINUTE, ZoneTime } from './zone-time.js';

/** How far ahead a deadline is looked for before a calendar is taken to have no working time. */
const HORIZON_DAYS = 3 * 366;

const compiled = new WeakMap<CalendarDefinition, BusinessCalendar>();

/**
 * Business time over a calendar. Working time is every moment at which the wall clock of the
 * calendar's time zone shows a time inside one of the day's windows, on a date that is not a
 * holiday. That one rule settles the days the clocks change: a skipped hour is not there to
 * count (a window edge inside it opens or closes the window at the jump), and an hour that
 * repeats counts each time it is inside a window. All instants are epoch milliseconds.
 */
export class BusinessCalendar {
  private readonly zone: ZoneTime;
  private readonly isHoliday: (day: number) => boolean;
  /** Windows per ISO weekday index (0 = Monday), in minutes after local midnight, merged and sorted. */
  private readonly windows: [number, number][][];
  /** Working intervals per local day, flat [start, end, start, end …] in instants. */
  private readonly days = new Map<number, number[]>();
  /** The first instant of each local day looked at: finding an instant's day then needs no time-zone lookup. */
  private readonly dayStarts = new Map<number, number>();
  /** The offset of the last day found, as the first guess for the next. */
  private guessOffset = 0;

  private constructor(readonly definition: CalendarDefinition) {
    this.zone = new ZoneTime(definition.timeZone);
    this.isHoliday = holidayTest(definition);
    this.windows = WEEKDAYS.map((d) => mergeWindows(definition.week[d] ?? []));
  }

  /** The compiled calendar of a definition, kept as long as the definition object lives. */
  static of(definition: CalendarDefinition) {
    let calendar = compiled.get(definition);
    if (!calendar) compiled.set(definition, (calendar = new BusinessCalendar(definition)));
    return calendar;
  }

  get aroundTheClock() {
    return this.definition.aroundTheClock;
  }

  /** Business milliseconds in [from, to). */
  between(from: number, to: number) {
    if (to <= from) return 0;
    if (this.aroundTheClock) return to - from;
    let total = 0;
    const last = this.dayOf(to - 1);
    for (let day = this.dayOf(from); day <= last; day++) {
      const spans = this.intervalsOf(day);
      for (let i = 0; i < spans.length; i += 2) {
        const s = Math.max(spans[i], from);
        const e = Math.min(spans[i + 1], to);
        if (s < e) total += e - s;
      }
    }
    return total;
  }

  /**
   * The instant at which `amount` business milliseconds after `from` have passed: the end of a
   * window when they run out exactly there, so adding a and then b lands where adding a + b
   * does. Null when the calendar has no working time within three years.
   */
  add(from: number, amount: number): number | null {
    if (amount <= 0) return from;
    if (this.aroundTheClock) return from + amount;
    let left = amount;
    const first = this.dayOf(from);
    for (let day = first; day < first + HORIZON_DAYS; day++) {
      const spans = this.intervalsOf(day);
      for (let i = 0; i < spans.length; i += 2) {
        if (spans[i + 1] <= from) continue;
        const start = Math.max(spans[i], from);
        const available = spans[i + 1] - start;
        if (left <= available) return start + left;
        left -= available;
      }
    }
    return null;
  }

  /** The local day an instant falls on: the day whose first instant is the latest not after it. */
  private dayOf(instant: number) {
    let day = Math.floor((instant + this.guessOffset) / DAY);
    while (instant < this.dayStart(day)) day--;
    while (instant >= this.dayStart(day + 1)) day++;
    this.guessOffset = day * DAY - this.dayStart(day);
    return day;
  }

  private dayStart(day: number) {
    let start = this.dayStarts.get(day);
    if (start === undefined) this.dayStarts.set(day, (start = this.zone.firstInstantAtOrAfter(day * DAY)));
    return start;
  }

  /** The working intervals of a local day as instants. */
  private intervalsOf(day: number): number[] {
    let spans = this.days.get(day);
    if (!spans) this.days.set(day, (spans = this.computeDay(day)));
    return spans;
  }

  private computeDay(day: number): number[] {
    const windows = this.windows[(((day + 3) % 7) + 7) % 7];
    if (!windows.length || this.isHoliday(day)) return [];
    const midnight = day * DAY;
    const start = this.dayStart(day);
    const end = this.dayStart(day + 1);
    // Stretches of the day with one offset: one, or two on the day the clocks change.
    const stretches: [number, number, number][] = [];
    const offset = this.zone.offset(start);
    if (offset === this.zone.offset(end - MINUTE)) stretches.push([start, end, offset]);
    else {
      const change = this.zone.changeBetween(start, end - MINUTE);
      stretches.push([start, change, offset], [change, end, this.zone.offset(change)]);
    }
    const spans: number[] = [];
    for (const [a, b, o] of stretches) {
      for (const [from, to] of windows) {
        const s = Math.max(a, midnight + (from - o) * MINUTE);
        const e = Math.min(b, midnight + (to - o) * MINUTE);
        if (s >= e) continue;
        if (spans.length && spans[spans.length - 1] === s) spans[spans.length - 1] = e;
        else spans.push(s, e);
      }
    }
    return spans;
  }
}

/** Windows in minutes, sorted, overlapping or touching ones joined. */
function mergeWindows(windows: { from: string; to: string }[]): [number, number][] {
  const spans = windows
    .map((w) => [minuteOfDay(w.from) ?? 0, minuteOfDay(w.to) ?? 0] as [number, number])
    .filter(([a, b]) => a < b)
    .sort((x, y) => x[0] - y[0]);
  const merged: [number, number][] = [];
  for (const [a, b] of spans) {
    const last = merged[merged.length - 1];
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else merged.push([a, b]);
  }
  return merged;
}
