import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  HistoryQueryDto,
  HistoryQueryService,
  ListQueryDto,
  RecordService,
  RequestContext,
  conflict,
  notFound,
  paginate,
  refused,
  deletedFilter,
} from '@clientele/core';
import { CALENDAR_TYPE } from '../constants.js';
import { SlaCalendar } from '../entities/calendar.entity.js';
import type { CreateCalendarDto, UpdateCalendarDto } from '../dto/calendar.dto.js';
import type { CalendarDefinition } from '../business-time/calendar-definition.js';
import { RecomputeRequests } from '../tracking/recompute-requests.js';
import { checkCalendar } from './calendar-rules.js';

/** The calendar as the arithmetic reads it. */
export const definitionOf = (c: SlaCalendar): CalendarDefinition => ({
  timeZone: c.timeZone,
  aroundTheClock: c.aroundTheClock,
  week: c.week,
  holidays: c.holidays,
  publicHolidays: c.publicHolidays,
});

/** Calendars: edits kept in history; changing the hours recomputes the deadlines of open records that count in them. */
@Injectable()
export class CalendarsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly records: RecordService,
    private readonly history: HistoryQueryService,
    private readonly recompute: RecomputeRequests,
  ) {}

  list(query: ListQueryDto) {
    const qb = deletedFilter(this.db.getRepository(SlaCalendar).createQueryBuilder('c'), 'c', query.deleted);
    return paginate(qb, query, {
      sorts: {
        name: { column: 'c.name', value: (c: SlaCalendar) => c.name, type: 'text' },
        updatedAt: { column: 'c.updated_at', value: (c: SlaCalendar) => c.updatedAt, type: 'timestamptz' },
      },
      defaultSort: 'name',
      idColumn: 'c.id',
    });
  }

  async get(id: string) {
    const calendar = await this.db.getRepository(SlaCalendar).findOne({ where: { id } });
    if (!calendar) throw notFound('Calendar');
    return calendar;
  }

  async create(ctx: RequestContext, dto: CreateCalendarDto) {
    const data = {
      name: dto.name.trim(),
      timeZone: dto.timeZone,
      aroundTheClock: dto.aroundTheClock ?? false,
      week: { ...dto.week },
      holidays: dto.holidays?.map((h) => ({ ...h })) ?? [],
      publicHolidays: dto.publicHolidays ? { ...dto.publicHolidays } : null,
    };
    checkCalendar(data);
    await this.requireFreeName(data.name);
    return this.records.create(SlaCalendar, { ...data, deletedAt: null, deletedBy: null }, ctx);
  }

  /** The saved calendar, with the id of the recompute job when its hours changed (its progress at /api/jobs/:id). */
  async update(ctx: RequestContext, id: string, dto: UpdateCalendarDto) {
    const current = await this.get(id);
    if (current.deletedAt) throw refused('CALENDAR_DELETED', 'Restore the calendar before changing it');
    if (dto.name !== undefined) await this.requireFreeName(dto.name.trim(), id);
    return this.records.transaction(async (manager) => {
      let hoursChanged = false;
      const saved = await this.records.update(
        SlaCalendar,
        id,
        dto.version,
        (c) => {
          const before = JSON.stringify(definitionOf(c));
          if (dto.name !== undefined) c.name = dto.name.trim();
          if (dto.timeZone !== undefined) c.timeZone = dto.timeZone;
          if (dto.aroundTheClock !== undefined) c.aroundTheClock = dto.aroundTheClock;
          if (dto.week !== undefined) c.week = { ...dto.week };
          if (dto.holidays !== undefined) c.holidays = dto.holidays.map((h) => ({ ...h }));
          if (dto.publicHolidays !== undefined)
            c.publicHolidays = dto.publicHolidays ? { ...dto.publicHolidays } : null;
          checkCalendar(definitionOf(c));
          hoursChanged = JSON.stringify(definitionOf(c)) !== before;
        },
        ctx,
        manager,
      );
      const recomputeJobId = hoursChanged ? await this.recompute.request(manager, { calendarId: id }, ctx) : null;
      return Object.assign(saved, { recomputeJobId });
    });
  }

  /** Refused while a level of a live contract counts in the calendar. */
  async remove(ctx: RequestContext, id: string) {
    const calendar = await this.get(id);
    if (calendar.deletedAt) throw notFound('Calendar');
    const [used] = await this.db.query(
      `SELECT c.name FROM sla_levels l JOIN sla_contracts c ON c.id = l.contract_id
        WHERE c.deleted_at IS NULL AND $1 IN (l.first_response_calendar_id, l.next_response_calendar_id, l.resolution_calendar_id) LIMIT 1`,
      [id],
    );
    if (used) throw refused('CALENDAR_IN_USE', `Contract "${used.name}" counts in this calendar`);
    await this.records.softDelete(SlaCalendar, id, ctx);
  }

  async restore(ctx: RequestContext, id: string) {
    const calendar = await this.get(id);
    if (calendar.deletedAt) await this.requireFreeName(calendar.name, id);
    return this.records.restore(SlaCalendar, id, ctx);
  }

  async historyOf(ctx: RequestContext, id: string, query: HistoryQueryDto) {
    await this.get(id);
    return this.history.forRecord(ctx, CALENDAR_TYPE, id, query);
  }

  private async requireFreeName(name: string, except?: string) {
    const [taken] = await this.db.query(
      `SELECT 1 FROM sla_calendars WHERE lower(name) = lower($1) AND deleted_at IS NULL AND id IS DISTINCT FROM $2`,
      [name, except ?? null],
    );
    if (taken) throw conflict('NAME_TAKEN', `A calendar "${name}" exists already`, 'name');
  }
}
