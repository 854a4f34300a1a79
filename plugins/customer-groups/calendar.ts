import { Injectable } from '@nestjs/common';
import { ValidateBy, ValidationOptions } from 'class-validator';
import { SettingsService } from '@clientele/core';
import { CustomerGroupsSettings } from './settings.js';

/** A `YYYY-MM-DD` that names a real day (2026-02-30 does not). */
export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

export const IsCalendarDate = (options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isCalendarDate',
      validator: { validate: isCalendarDate, defaultMessage: () => '$property must be a date as YYYY-MM-DD' },
    },
    options,
  );

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * The day `now` is in `timeZone`, as YYYY-MM-DD (en-CA writes dates so). One formatter per zone:
 * making one costs more than a whole price answer, and "today" is asked on every request.
 */
export function dayIn(timeZone: string, now = new Date()) {
  let format = dayFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormats.set(timeZone, format);
  }
  return format.format(now);
}

/**
 * Validity dates are days in the operator's time zone: "today" is the operator's today, so a
 * price list ending on the 31st applies until midnight there, not in UTC.
 */
@Injectable()
export class OperatorCalendar {
  constructor(private readonly settings: SettingsService) {}

  async today(): Promise<string> {
    return dayIn((await this.settings.get(CustomerGroupsSettings)).timeZone);
  }
}
