import Holidays from 'date-holidays';
import { DateTime } from 'luxon';
import type { CalendarDefinition, Weekday } from '../business-time/calendar-definition.js';

const MINUTE = 60_000;
const DAYS: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const toMinutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));

/**
 * The reference the real arithmetic is tested against: deliberately naive, it reads the wall
 * clock of every single minute and asks whether that minute is inside a window on a working date.
 */
export class NaiveCalendar {
  private readonly publicDates = new Map<number, string[]>();

  constructor(private readonly calendar: CalendarDefinition) {}

  isWorkingMinute(instant: number) {
    if (this.calendar.aroundTheClock) return true;
    const local = DateTime.fromMillis(instant, { zone: this.calendar.timeZone });
    const date = local.toISODate()!;
    if (this.calendar.holidays.some((h) => h.date === date || h.date === date.slice(5))) return false;
    if (this.calendar.publicHolidays && this.publicHolidays(local.year).includes(date)) return false;
    const minute = local.hour * 60 + local.minute;
    const windows = this.calendar.week[DAYS[local.weekday - 1]] ?? [];
    return windows.some((w) => toMinutes(w.from) <= minute && minute < toMinutes(w.to));
  }

  /** Working minutes in [from, to), counted one by one. */
  minutesBetween(from: number, to: number) {
    let count = 0;
    for (let t = from; t < to; t += MINUTE) if (this.isWorkingMinute(t)) count++;
    return count;
  }

  /** Walks forward minute by minute until `minutes` working minutes have passed. */
  addMinutes(from: number, minutes: number) {
    let t = from;
    for (let counted = 0; counted < minutes; t += MINUTE) if (this.isWorkingMinute(t)) counted++;
    return t;
  }

  private publicHolidays(year: number) {
    let dates = this.publicDates.get(year);
    if (!dates) {
      const rule = this.calendar.publicHolidays!;
      const all = new Holidays(rule.country, rule.state ?? '', rule.region ?? '').getHolidays(year);
      dates = all.filter((h) => h.type === 'public').map((h) => h.date.split(' ')[0]);
      this.publicDates.set(year, dates);
    }
    return dates;
  }
}
