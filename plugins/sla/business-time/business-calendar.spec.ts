import fc from 'fast-check';
import { BusinessCalendar } from './business-calendar.js';
import type { CalendarDefinition } from './calendar-definition.js';
import { NaiveCalendar } from '../test/naive-calendar.js';
import { calendarArb, instantArb } from '../test/calendar-arbitraries.js';

const MINUTE = 60_000;
const runs = { seed: 20261129, numRuns: 60 };
const minutesArb = fc.integer({ min: 1, max: 900 });
const at = (iso: string) => Date.parse(iso);
const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());

const officeHours = (timeZone: string, extra: Partial<CalendarDefinition> = {}): CalendarDefinition => {
  const day = [
    { from: '08:00', to: '12:00' },
    { from: '13:00', to: '17:00' },
  ];
  return {
    timeZone,
    aroundTheClock: false,
    week: { mon: day, tue: day, wed: day, thu: day, fri: day },
    holidays: [],
    publicHolidays: null,
    ...extra,
  };
};

describe('business time over a calendar', () => {
  it('adds business minutes where a minute-by-minute walk of the wall clock lands', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, minutesArb, (def, from, minutes) => {
        expect(BusinessCalendar.of(def).add(from, minutes * MINUTE)).toBe(
          new NaiveCalendar(def).addMinutes(from, minutes),
        );
      }),
      runs,
    );
  });

  it('counts the business minutes between two instants as a minute-by-minute walk does', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, fc.integer({ min: 0, max: 4 * 1440 }), (def, from, span) => {
        const to = from + span * MINUTE;
        expect(BusinessCalendar.of(def).between(from, to)).toBe(
          new NaiveCalendar(def).minutesBetween(from, to) * MINUTE,
        );
      }),
      runs,
    );
  });

  it('adding a and then b lands where adding a + b does', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, minutesArb, minutesArb, (def, from, a, b) => {
        const calendar = BusinessCalendar.of(def);
        expect(calendar.add(calendar.add(from, a * MINUTE)!, b * MINUTE)).toBe(calendar.add(from, (a + b) * MINUTE));
      }),
      runs,
    );
  });

  it('the business time between a start and its deadline is the target, and the deadline closes a working minute', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, minutesArb, (def, from, minutes) => {
        const calendar = BusinessCalendar.of(def);
        const deadline = calendar.add(from, minutes * MINUTE)!;
        expect(calendar.between(from, deadline)).toBe(minutes * MINUTE);
        expect(new NaiveCalendar(def).isWorkingMinute(deadline - MINUTE)).toBe(true);
      }),
      runs,
    );
  });

  it('an around-the-clock calendar counts every minute, holidays and nights included', () => {
    const calendar = BusinessCalendar.of({ ...officeHours('Europe/Prague'), aroundTheClock: true });
    expect(iso(calendar.add(at('2026-12-24T22:00:00Z'), 240 * MINUTE))).toBe('2026-12-25T02:00:00.000Z');
  });

  it('a window edge inside the skipped spring hour in Prague opens the window when the clocks jump', () => {
    const night = [{ from: '02:30', to: '04:00' }];
    const calendar = BusinessCalendar.of({ ...officeHours('Europe/Prague'), week: { sun: night } });
    // 29 March 2026: 02:00 CET becomes 03:00 CEST (01:00 UTC); only 03:00–04:00 CEST is shown on the clock.
    expect(calendar.between(at('2026-03-28T22:00:00Z'), at('2026-03-29T22:00:00Z'))).toBe(60 * MINUTE);
    expect(iso(calendar.add(at('2026-03-28T22:00:00Z'), 1))).toBe('2026-03-29T01:00:00.001Z');
  });

  it('the repeated autumn hour in Prague counts twice when it is inside a window', () => {
    const night = [{ from: '02:00', to: '03:00' }];
    const calendar = BusinessCalendar.of({ ...officeHours('Europe/Prague'), week: { sun: night } });
    // 25 October 2026: 03:00 CEST becomes 02:00 CET; 02:00–03:00 is shown twice (00:00–02:00 UTC).
    expect(calendar.between(at('2026-10-24T22:00:00Z'), at('2026-10-25T23:00:00Z'))).toBe(120 * MINUTE);
  });

  it('office hours in New York keep their local times across both DST weekends', () => {
    const calendar = BusinessCalendar.of(officeHours('America/New_York'));
    // Friday 6 March 2026 16:00 EST + 2 h: 1 h on Friday, then Monday 9 March 08:00 EDT (12:00 UTC) + 1 h.
    expect(iso(calendar.add(at('2026-03-06T21:00:00Z'), 120 * MINUTE))).toBe('2026-03-09T13:00:00.000Z');
    // Friday 30 October 2026 16:00 EDT + 2 h: Monday 2 November 09:00 EST.
    expect(iso(calendar.add(at('2026-10-30T20:00:00Z'), 120 * MINUTE))).toBe('2026-11-02T14:00:00.000Z');
  });

  it("a holiday on a Monday moves the deadline to Tuesday, in the calendar's own time zone", () => {
    // Memorial Day, Monday 25 May 2026: Friday 16:00 EDT + 2 h lands on Tuesday 09:00 EDT.
    const newYork = BusinessCalendar.of(
      officeHours('America/New_York', { publicHolidays: { country: 'US', state: 'NY' } }),
    );
    expect(iso(newYork.add(at('2026-05-22T20:00:00Z'), 120 * MINUTE))).toBe('2026-05-26T13:00:00.000Z');
    // Easter 2026 in Czechia: Good Friday 3 April and Monday 6 April are off; Thursday 16:00 CEST + 2 h is Tuesday 09:00.
    const prague = BusinessCalendar.of(officeHours('Europe/Prague', { publicHolidays: { country: 'CZ' } }));
    expect(iso(prague.add(at('2026-04-02T14:00:00Z'), 120 * MINUTE))).toBe('2026-04-07T07:00:00.000Z');
    const yearly = BusinessCalendar.of(officeHours('Pacific/Auckland', { holidays: [{ date: '04-06' }] }));
    // Monday 6 April in Auckland begins on Sunday 5 April at 12:00 UTC: the whole local date is off.
    expect(yearly.between(at('2026-04-05T12:00:00Z'), at('2026-04-06T12:00:00Z'))).toBe(0);
  });

  it('a calendar without working time has no deadline', () => {
    expect(BusinessCalendar.of(officeHours('UTC', { week: {} })).add(at('2026-01-01T00:00:00Z'), MINUTE)).toBeNull();
  });
});
