import { invalid } from '@clientele/core';
import { WEEKDAYS, minuteOfDay, type CalendarDefinition } from '../business-time/calendar-definition.js';
import { knownPublicHolidays } from '../business-time/holidays.js';
import { ZoneTime } from '../business-time/zone-time.js';

/**
 * What the DTO's shape cannot say: a zone the time-zone database knows, windows that open
 * before they close and do not overlap, real dates, a country `date-holidays` knows, and some
 * working time at all — a calendar without any would never give a deadline.
 */
export function checkCalendar(calendar: CalendarDefinition) {
  if (!ZoneTime.isValid(calendar.timeZone))
    throw invalid('timeZone', 'UNKNOWN_TIME_ZONE', `"${calendar.timeZone}" is not an IANA time zone`);
  let working = calendar.aroundTheClock;
  for (const day of WEEKDAYS) {
    const windows = (calendar.week[day] ?? [])
      .map((w) => [minuteOfDay(w.from)!, minuteOfDay(w.to)!])
      .sort((a, b) => a[0] - b[0]);
    windows.forEach(([from, to], i) => {
      if (from >= to) throw invalid(`week.${day}.${i}`, 'WINDOW_EMPTY', 'A window must close after it opens');
      if (i > 0 && from < windows[i - 1][1])
        throw invalid(`week.${day}`, 'WINDOWS_OVERLAP', 'Windows of a day may not overlap');
    });
    working ||= windows.length > 0;
  }
  if (!working)
    throw invalid(
      'week',
      'NO_WORKING_TIME',
      'A calendar needs at least one working window, or to run around the clock',
    );
  calendar.holidays.forEach((h, i) => {
    const full = h.date.length === 5 ? `2024-${h.date}` : h.date;
    const parsed = new Date(`${full}T00:00:00Z`);
    if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== full) {
      throw invalid(`holidays.${i}.date`, 'INVALID_DATE', `${h.date} is not a date`);
    }
  });
  if (calendar.publicHolidays && !knownPublicHolidays(calendar.publicHolidays)) {
    throw invalid(
      'publicHolidays',
      'UNKNOWN_COUNTRY',
      'No public holidays are known for this country, state or region',
    );
  }
}
