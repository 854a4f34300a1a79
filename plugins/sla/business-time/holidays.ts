import Holidays from 'date-holidays';
import type { CalendarDefinition, PublicHolidays } from './calendar-definition.js';
import { DAY } from './zone-time.js';

/** `YYYY-MM-DD` of a local day number. */
const isoDate = (day: number) => new Date(day * DAY).toISOString().slice(0, 10);

const publicByYear = new Map<string, Set<string>>();

/**
 * The dates of a country's public holidays in one year (substitute days included), taken from
 * the date strings `date-holidays` gives in the country's own terms, so no time-zone conversion
 * can move a holiday to the day before.
 */
export function publicHolidayDates(rule: PublicHolidays, year: number): Set<string> {
  const key = `${rule.country}/${rule.state ?? ''}/${rule.region ?? ''}/${year}`;
  let dates = publicByYear.get(key);
  if (!dates) {
    const source = new Holidays(rule.country, rule.state ?? '', rule.region ?? '');
    dates = new Set(
      source
        .getHolidays(year)
        .filter((h) => h.type === 'public')
        .map((h) => h.date.slice(0, 10)),
    );
    publicByYear.set(key, dates);
  }
  return dates;
}

/** Whether `date-holidays` knows the country (and its state and region, when given). */
export function knownPublicHolidays(rule: PublicHolidays) {
  const countries = new Holidays().getCountries();
  if (!countries[rule.country]) return false;
  if (!rule.state) return !rule.region;
  const states = new Holidays().getStates(rule.country) ?? {};
  if (!states[rule.state]) return false;
  return !rule.region || !!(new Holidays().getRegions(rule.country, rule.state) ?? {})[rule.region];
}

/** Tells whether a local day is off under a calendar's holidays. */
export function holidayTest(calendar: CalendarDefinition): (day: number) => boolean {
  const single = new Set(calendar.holidays.filter((h) => h.date.length === 10).map((h) => h.date));
  const yearly = new Set(calendar.holidays.filter((h) => h.date.length === 5).map((h) => h.date));
  const generated = calendar.publicHolidays;
  return (day) => {
    const date = isoDate(day);
    if (single.has(date) || yearly.has(date.slice(5))) return true;
    return !!generated && publicHolidayDates(generated, Number(date.slice(0, 4))).has(date);
  };
}
