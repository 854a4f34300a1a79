import { Injectable } from '@nestjs/common';
import { RequestContext } from '@clientele/core';
import { CalendarsService } from './calendars/calendars.service.js';
import { ContractsService } from './contracts/contracts.service.js';

const day = [
  { from: '08:00', to: '12:00' },
  { from: '13:00', to: '17:00' },
];

/**
 * Prague office hours with Czech public holidays, an around-the-clock calendar, and a default
 * contract whose critical level counts around the clock and the others in office hours.
 */
@Injectable()
export class SlaDemoData {
  constructor(
    private readonly calendars: CalendarsService,
    private readonly contracts: ContractsService,
  ) {}

  async seed() {
    const ctx = RequestContext.system();
    const office = await this.calendars.create(ctx, {
      name: 'Prague office hours',
      timeZone: 'Europe/Prague',
      week: { mon: day, tue: day, wed: day, thu: day, fri: day },
      holidays: [
        { date: '12-24', name: 'Christmas Eve' },
        { date: '12-31', name: "New Year's Eve" },
      ],
      publicHolidays: { country: 'CZ' },
    });
    await this.calendars.create(ctx, { name: 'Around the clock', timeZone: 'Europe/Prague', aroundTheClock: true });
    const inOffice = (first: number, next: number, resolution: number) => ({
      firstResponseMinutes: first,
      firstResponseCalendarId: office.id,
      nextResponseMinutes: next,
      nextResponseCalendarId: office.id,
      resolutionMinutes: resolution,
      resolutionCalendarId: office.id,
    });
    await this.contracts.create(ctx, {
      name: 'Standard support',
      defaultLevel: 'normal',
      isDefault: true,
      warningPercents: [80],
      pauses: [{ state: 'waiting_for_customer', clocks: ['nextResponse', 'resolution'] }],
      levels: [
        {
          code: 'critical',
          name: 'Critical',
          firstResponseMinutes: 30,
          nextResponseMinutes: 60,
          resolutionMinutes: 240,
        },
        { code: 'high', name: 'High', ...inOffice(60, 120, 480) },
        { code: 'normal', name: 'Normal', ...inOffice(240, 480, 1440) },
        { code: 'low', name: 'Low', ...inOffice(480, 960, 4800) },
      ],
    });
  }
}
