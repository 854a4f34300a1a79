import fc from 'fast-check';
import type { CalendarDefinition, WorkingWindow } from '../business-time/calendar-definition.js';

const MINUTE = 60_000;

/**
 * Zones with and without daylight saving, a half-hour offset, a half-hour DST shift, and clocks
 * that change at midnight (Havana skips it; Santiago goes back from midnight into the day before).
 */
export const ZONES = [
  'Europe/Prague',
  'America/New_York',
  'Australia/Sydney',
  'Asia/Kolkata',
  'Australia/Lord_Howe',
  'UTC',
  'America/Havana',
  'America/Santiago',
];

/** Days around which the clocks change somewhere in ZONES in 2026, so random starts hit them often. */
const CHANGE_DAYS = [
  '2026-03-08',
  '2026-03-29',
  '2026-04-05',
  '2026-09-06',
  '2026-10-04',
  '2026-10-25',
  '2026-11-01',
  '2026-03-14',
];

const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

/** One to three windows on a day, on a 5-minute grid, some of them over the night's clock change hours. */
const dayWindows: fc.Arbitrary<WorkingWindow[]> = fc
  .uniqueArray(fc.integer({ min: 0, max: 288 }), { minLength: 2, maxLength: 6 })
  .map((edges) => {
    const sorted = [...edges].sort((a, b) => a - b).map((e) => e * 5);
    const windows: WorkingWindow[] = [];
    for (let i = 0; i + 1 < sorted.length; i += 2)
      windows.push({ from: hhmm(sorted[i]), to: sorted[i + 1] === 1440 ? '24:00' : hhmm(sorted[i + 1]) });
    return windows;
  });

export const calendarArb: fc.Arbitrary<CalendarDefinition> = fc.record({
  timeZone: fc.constantFrom(...ZONES),
  aroundTheClock: fc.constant(false),
  week: fc.record({
    mon: dayWindows,
    tue: dayWindows,
    wed: dayWindows,
    thu: dayWindows,
    fri: fc.oneof(dayWindows, fc.constant<WorkingWindow[]>([])),
    sat: fc.oneof(fc.constant<WorkingWindow[]>([]), dayWindows),
    sun: fc.oneof(fc.constant<WorkingWindow[]>([]), dayWindows),
  }),
  holidays: fc.array(
    fc.oneof(
      fc.constantFrom(...CHANGE_DAYS, '2026-03-30', '2026-11-02').map((date) => ({ date })),
      fc.constantFrom('03-30', '10-26', '12-24', '01-01').map((date) => ({ date })),
    ),
    { maxLength: 3 },
  ),
  publicHolidays: fc.constantFrom(null, { country: 'CZ' }, { country: 'US', state: 'NY' }),
});

/** A minute-aligned instant near a clock change (± 3 days). */
export const instantArb: fc.Arbitrary<number> = fc
  .tuple(fc.constantFrom(...CHANGE_DAYS), fc.integer({ min: -3 * 1440, max: 3 * 1440 }))
  .map(([day, minutes]) => Date.parse(`${day}T00:00:00Z`) + minutes * MINUTE);
