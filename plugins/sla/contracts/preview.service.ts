import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { invalid, notFound } from '@clientele/core';
import { clocks } from '../clocks/clocks.js';
import { CLOCK_KINDS, type SlaEvent } from '../clocks/clock-types.js';
import type { PreviewDto } from '../dto/preview.dto.js';
import { ContractTermsLoader } from '../tracking/contract-terms.js';

const PAUSED = 'paused in the preview';
const RUNNING = 'running in the preview';
/** Preview times are checked in this range, so no date arithmetic is asked of the year 275760. */
const EARLIEST = Date.UTC(1970, 0, 1);
const LATEST = Date.UTC(2200, 0, 1);

/** The deadlines a contract would give a ticket created at a moment, with optional pauses: an operator's check of a contract. */
@Injectable()
export class PreviewService {
  constructor(private readonly loader: ContractTermsLoader) {}

  async preview(dto: PreviewDto) {
    const contract = (await this.loader.load([dto.contractId])).get(dto.contractId);
    if (!contract || contract.deleted) throw notFound('Contract');
    const level = dto.level ?? contract.terms.defaultLevel;
    if (!contract.terms.levels.some((l) => l.code === level))
      throw invalid('level', 'UNKNOWN_LEVEL', 'The contract has no such level');
    const start = instant(dto.start, 'start');
    const pauses = (dto.pauses ?? [])
      .map((p, i) => ({ from: instant(p.from, `pauses.${i}.from`), to: instant(p.to, `pauses.${i}.to`), i }))
      .sort((a, b) => a.from - b.from);
    pauses.forEach((p, k) => {
      if (p.from < start || p.to <= p.from)
        throw invalid(
          `pauses.${p.i}`,
          'INVALID_PAUSE',
          'A pause starts at or after the start and ends after it starts',
        );
      if (k > 0 && p.from < pauses[k - 1].to)
        throw invalid(`pauses.${p.i}`, 'PAUSES_OVERLAP', 'Pauses may not overlap');
    });
    const opened: SlaEvent[] = [
      { type: 'created', at: new Date(start) },
      { type: 'level', at: new Date(start), level },
    ];
    const spells: SlaEvent[] = pauses.flatMap((p): SlaEvent[] => [
      { type: 'state', at: new Date(p.from), state: PAUSED },
      { type: 'state', at: new Date(p.to), state: RUNNING },
    ]);
    // Next response as for a customer message at the start, answered before: its clock starts then too.
    const messaged: SlaEvent[] = [
      ...opened,
      { type: 'staffReply', at: new Date(start) },
      { type: 'customerMessage', at: new Date(start) },
    ];
    const terms = { ...contract.terms, pauses: [{ state: PAUSED, clocks: [...CLOCK_KINDS] }] };
    const now = new Date(Math.max(start, ...pauses.map((p) => p.to)));
    const first = clocks([...opened, ...spells], terms, contract.calendars, now).clocks;
    const next = clocks([...messaged, ...spells], terms, contract.calendars, now).clocks.filter(
      (c) => c.kind === 'nextResponse',
    );
    const result = {
      clocks: [
        ...first.filter((c) => c.kind === 'firstResponse'),
        ...next,
        ...first.filter((c) => c.kind === 'resolution'),
      ],
    };
    return {
      contract: { id: contract.terms.id, name: contract.name },
      level: { code: level, name: contract.levelNames[level] },
      start: new Date(start),
      clocks: result.clocks.map((c) => {
        const calendar = c.calendarId ? { id: c.calendarId, ...contract.calendarInfo[c.calendarId] } : null;
        const zone = calendar?.timeZone ?? 'UTC';
        return {
          kind: c.kind,
          targetMinutes: c.targetMinutes,
          calendar,
          deadline: c.deadline,
          /** The deadline on the calendar's own clock, e.g. 2026-11-03T15:00:00.000+01:00. */
          deadlineLocal: c.deadline ? DateTime.fromJSDate(c.deadline, { zone }).toISO() : null,
          warnings: c.warnings,
          pausedMs: c.pausedMs,
        };
      }),
    };
  }
}

const CLOCK_NAMES = { firstResponse: 'First response', nextResponse: 'Next response', resolution: 'Resolution' };

/** A deadline as read on the calendar's wall clock, e.g. `Mon 30 Nov 2026 09:00 Europe/Prague`. */
const onCalendarClock = (deadline: Date | null, zone: string) =>
  deadline ? `${DateTime.fromJSDate(deadline, { zone }).toFormat('ccc d LLL yyyy HH:mm')} ${zone}` : null;

/** The preview for every level of a contract at once, as list rows (the admin shows them on the contract). */
export async function previewRows(
  service: PreviewService,
  contractId: string,
  levels: { code: string; name: string }[],
  start: string,
) {
  const items = [];
  for (const level of levels) {
    const preview = await service.preview({ contractId, level: level.code, start });
    for (const clock of preview.clocks) {
      items.push({
        id: `${level.code}:${clock.kind}`,
        level: level.code,
        levelName: level.name,
        kind: clock.kind,
        clockName: CLOCK_NAMES[clock.kind],
        targetMinutes: clock.targetMinutes,
        calendarName: clock.calendar?.name ?? null,
        deadline: clock.deadline,
        deadlineLocal: clock.deadlineLocal,
        deadlineOnCalendarClock: onCalendarClock(clock.deadline, clock.calendar?.timeZone ?? 'UTC'),
      });
    }
  }
  return { items, nextCursor: null, total: items.length };
}

function instant(value: string, field: string) {
  const t = Date.parse(value);
  if (!Number.isFinite(t) || t < EARLIEST || t > LATEST)
    throw invalid(field, 'OUT_OF_RANGE', 'The time must lie between 1970 and 2200');
  return t;
}
