import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { SlaCalendar } from '../entities/calendar.entity.js';
import { SlaContract } from '../entities/contract.entity.js';
import { SlaLevel } from '../entities/level.entity.js';
import type { CalendarDefinition } from '../business-time/calendar-definition.js';
import type { ClockKind, ClockTarget, ContractTerms, LevelTerms } from '../clocks/clock-types.js';
import { definitionOf } from '../calendars/calendars.service.js';

/** A contract's terms for `clocks()`, with the calendars they count in and the names to explain them. */
export interface LoadedContract {
  terms: ContractTerms;
  name: string;
  deleted: boolean;
  levelNames: Record<string, string>;
  calendars: Record<string, CalendarDefinition>;
  calendarInfo: Record<string, { name: string; timeZone: string }>;
}

const target = (minutes: number | null, calendarId: string | null): ClockTarget | undefined =>
  minutes === null ? undefined : { minutes, calendarId };

function levelTerms(l: SlaLevel): LevelTerms {
  const targets: Partial<Record<ClockKind, ClockTarget>> = {};
  const first = target(l.firstResponseMinutes, l.firstResponseCalendarId);
  const next = target(l.nextResponseMinutes, l.nextResponseCalendarId);
  const resolution = target(l.resolutionMinutes, l.resolutionCalendarId);
  if (first) targets.firstResponse = first;
  if (next) targets.nextResponse = next;
  if (resolution) targets.resolution = resolution;
  return { code: l.code, targets };
}

/** Reads contracts, their levels and calendars in three queries, whatever their number. */
@Injectable()
export class ContractTermsLoader {
  /**
   * The definition object handed out per calendar version: the same object each time, so the
   * compiled calendar (its days worked out, cached by object) lives on between requests.
   */
  private readonly definitions = new Map<string, { version: number; definition: CalendarDefinition }>();

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  private definition(calendar: SlaCalendar) {
    const known = this.definitions.get(calendar.id);
    if (known?.version === calendar.version) return known.definition;
    const definition = definitionOf(calendar);
    this.definitions.set(calendar.id, { version: calendar.version, definition });
    return definition;
  }

  async load(contractIds: string[], manager: EntityManager = this.db.manager): Promise<Map<string, LoadedContract>> {
    const loaded = new Map<string, LoadedContract>();
    if (!contractIds.length) return loaded;
    const contracts = await manager.find(SlaContract, { where: { id: In(contractIds) } });
    const levels = await manager.find(SlaLevel, {
      where: { contractId: In(contractIds) },
      order: { position: 'ASC', id: 'ASC' },
    });
    const calendarIds = [
      ...new Set(levels.flatMap((l) => [l.firstResponseCalendarId, l.nextResponseCalendarId, l.resolutionCalendarId])),
    ].filter((id): id is string => !!id);
    const calendars = calendarIds.length ? await manager.find(SlaCalendar, { where: { id: In(calendarIds) } }) : [];
    const definitions = Object.fromEntries(calendars.map((c) => [c.id, this.definition(c)]));
    const info = Object.fromEntries(calendars.map((c) => [c.id, { name: c.name, timeZone: c.timeZone }]));
    for (const c of contracts) {
      const own = levels.filter((l) => l.contractId === c.id);
      loaded.set(c.id, {
        terms: {
          id: c.id,
          defaultLevel: c.defaultLevel,
          levels: own.map(levelTerms),
          pauses: c.pauses,
          warningPercents: c.warningPercents,
        },
        name: c.name,
        deleted: c.deletedAt !== null,
        levelNames: Object.fromEntries(own.map((l) => [l.code, l.name])),
        calendars: definitions,
        calendarInfo: info,
      });
    }
    return loaded;
  }
}
