import { Column, Entity } from 'typeorm';
import { Auditable, SYSTEM_NODE_ID, SoftDeletableRecord } from '@clientele/core';
import { CALENDAR_TYPE, SLA_READ } from '../constants.js';
import type { Holiday, PublicHolidays, WorkingWindow, Weekday } from '../business-time/calendar-definition.js';

/** Business hours in a time zone: working windows per weekday and days off, or around the clock. */
@Auditable<SlaCalendar>({
  type: CALENDAR_TYPE,
  node: () => SYSTEM_NODE_ID,
  retention: '12 months',
  readPermission: SLA_READ,
})
@Entity('sla_calendars')
export class SlaCalendar extends SoftDeletableRecord {
  @Column('text') name: string;
  /** IANA zone, e.g. Europe/Prague. */
  @Column('text') timeZone: string;
  @Column('boolean') aroundTheClock: boolean;
  @Column('jsonb') week: Partial<Record<Weekday, WorkingWindow[]>>;
  @Column('jsonb') holidays: Holiday[];
  @Column({ type: 'jsonb', nullable: true }) publicHolidays: PublicHolidays | null;
}
