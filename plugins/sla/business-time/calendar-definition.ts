/** Days of the week as calendars name them; `week` lists a calendar's working windows per day. */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** A working window in the calendar's local wall time, `HH:mm`; `to` may be `24:00` (end of the day). */
export interface WorkingWindow {
  from: string;
  to: string;
}

/**
 * A day off: `YYYY-MM-DD` for one date, `MM-DD` for the same date every year. The whole local
 * date in the calendar's time zone is off, from its midnight to the next.
 */
export interface Holiday {
  date: string;
  name?: string;
}

/** A country's public holidays as the `date-holidays` library knows them (`CZ`, `US` + `NY` …). */
export interface PublicHolidays {
  country: string;
  state?: string;
  region?: string;
}

/**
 * A business-hours calendar as SLA arithmetic needs it; plain data, so it can be stored as JSON
 * and handed to the pure functions unchanged. An around-the-clock calendar counts every moment
 * and ignores the rest.
 */
export interface CalendarDefinition {
  timeZone: string;
  aroundTheClock: boolean;
  week: Partial<Record<Weekday, WorkingWindow[]>>;
  holidays: Holiday[];
  publicHolidays: PublicHolidays | null;
}

export const AROUND_THE_CLOCK: CalendarDefinition = {
  timeZone: 'UTC',
  aroundTheClock: true,
  week: {},
  holidays: [],
  publicHolidays: null,
};

const TIME = /^(?:([01]\d|2[0-3]):([0-5]\d)|24:00)$/;

/** Minutes after local midnight of `HH:mm`, or null when it is not a time of day. */
export function minuteOfDay(time: string): number | null {
  const m = TIME.exec(time);
  if (!m) return null;
  return m[1] === undefined ? 1440 : Number(m[1]) * 60 + Number(m[2]);
}
