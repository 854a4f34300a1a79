import fc from 'fast-check';
import { clocks } from './clocks.js';
import type { ContractTerms, SlaEvent } from './clock-types.js';
import { naiveClocks } from '../test/naive-clocks.js';
import { stepsWithoutStates, ticketArb } from '../test/clock-arbitraries.js';

const MINUTE = 60_000;
const runs = { seed: 20261130, numRuns: 40 };
const at = (iso: string) => new Date(iso);
const iso = (d: Date | null) => d?.toISOString() ?? null;

describe("SLA clocks computed from a ticket's history", () => {
  it('agree with a minute-by-minute replay of the history on state, deadline and time used', () => {
    fc.assert(
      fc.property(ticketArb(), ({ events, contract, calendars, now }) => {
        const actual = clocks(events, contract, calendars, new Date(now)).clocks;
        const expected = naiveClocks(events, contract, calendars, now);
        expect(
          actual.map((c) => ({
            kind: c.kind,
            startedAt: c.startedAt.getTime(),
            usedMinutes: c.usedMs / MINUTE,
            deadline: c.deadline!.getTime(),
            state: c.state,
          })),
        ).toEqual(expected);
      }),
      runs,
    );
  });

  it('a level assessed mid-way gives the clocks the ticket would have had on that level from the start', () => {
    fc.assert(
      fc.property(
        ticketArb(),
        fc.constantFrom('high', 'normal'),
        fc.nat(),
        ({ events, contract, calendars, now }, level, where) => {
          const history = events.filter((e) => e.type !== 'level' && e.type !== 'contract');
          const assessedAt = history[where % history.length].at;
          const assessed = clocks(
            [...history, { type: 'level', at: assessedAt, level }],
            contract,
            calendars,
            new Date(now),
          );
          const fromStart = clocks(history, { ...contract, defaultLevel: level }, calendars, new Date(now));
          expect(assessed.clocks).toEqual(fromStart.clocks);
          expect(assessed.levelSource).toBe('assessed');
        },
      ),
      runs,
    );
  });

  it('a pause never shortens the time left nor brings a deadline forward', () => {
    fc.assert(
      fc.property(
        ticketArb(stepsWithoutStates),
        fc.nat(),
        fc.integer({ min: 1, max: 2000 }),
        ({ events, contract, calendars, now }, where, length) => {
          const from = events[where % events.length].at.getTime();
          const pause: SlaEvent[] = [
            { type: 'state', at: new Date(from), state: 'waiting' },
            { type: 'state', at: new Date(from + length * MINUTE), state: 'open' },
          ];
          const plain = clocks(events, contract, calendars, new Date(now)).clocks;
          const paused = clocks([...events, ...pause], contract, calendars, new Date(now)).clocks;
          expect(paused.map((c) => c.kind)).toEqual(plain.map((c) => c.kind));
          paused.forEach((c, i) => {
            expect(c.forecast.remainingMs).toBeGreaterThanOrEqual(plain[i].forecast.remainingMs);
            expect(c.deadline!.getTime()).toBeGreaterThanOrEqual(plain[i].deadline!.getTime());
          });
        },
      ),
      runs,
    );
  });

  it('does not depend on the order the events are handed over in', () => {
    fc.assert(
      fc.property(ticketArb(), fc.nat(), ({ events, contract, calendars, now }, seed) => {
        const shuffled = [...events].sort(
          (a, b) =>
            (((a.at.getTime() / MINUTE) * 7919 + seed) % 101) - (((b.at.getTime() / MINUTE) * 7919 + seed) % 101),
        );
        expect(clocks(shuffled, contract, calendars, new Date(now))).toEqual(
          clocks(events, contract, calendars, new Date(now)),
        );
      }),
      runs,
    );
  });

  describe('on a ticket in Prague office hours', () => {
    const day = [
      { from: '08:00', to: '12:00' },
      { from: '13:00', to: '17:00' },
    ];
    const office = {
      timeZone: 'Europe/Prague',
      aroundTheClock: false,
      week: { mon: day, tue: day, wed: day, thu: day, fri: day },
      holidays: [],
      publicHolidays: null,
    };
    const contract: ContractTerms = {
      id: 'gold',
      defaultLevel: 'normal',
      levels: [
        {
          code: 'normal',
          targets: {
            firstResponse: { minutes: 240, calendarId: 'office' },
            nextResponse: { minutes: 480, calendarId: 'office' },
            resolution: { minutes: 960, calendarId: 'office' },
          },
        },
        {
          code: 'critical',
          targets: { firstResponse: { minutes: 30, calendarId: null }, resolution: { minutes: 240, calendarId: null } },
        },
      ],
      pauses: [{ state: 'waiting for customer', clocks: ['nextResponse', 'resolution'] }],
      warningPercents: [80],
    };
    const calendars = { office };
    // Monday 2 November 2026, 10:00 CET.
    const created: SlaEvent = { type: 'created', at: at('2026-11-02T09:00:00Z') };

    it('first response runs until the first staff reply and is met before its deadline', () => {
      const result = clocks(
        [created, { type: 'staffReply', at: at('2026-11-02T11:30:00Z') }],
        contract,
        calendars,
        at('2026-11-03T12:00:00Z'),
      );
      const first = result.clocks.find((c) => c.kind === 'firstResponse')!;
      // 10:00–12:00 CET before the reply at 12:30 in the lunch break.
      expect(first).toMatchObject({ state: 'met', usedMs: 120 * MINUTE, stoppedAt: at('2026-11-02T11:30:00Z') });
      // 10:00 + 4 business hours with the lunch break: 15:00 CET.
      expect(iso(first.deadline)).toBe('2026-11-02T14:00:00.000Z');
      expect(result).toMatchObject({ level: 'normal', levelSource: 'default' });
    });

    it('warns at 80% and breaches when no one replies, and forecasts nothing once breached', () => {
      const first = clocks([created], contract, calendars, at('2026-11-02T14:30:00Z')).clocks.find(
        (c) => c.kind === 'firstResponse',
      )!;
      expect(first.state).toBe('breached');
      // 80% of 240 minutes is 192: 10:00 + 2 h to noon, lunch, then 72 min from 13:00 → 14:12 CET.
      expect(first.warnings).toEqual([{ percent: 80, at: at('2026-11-02T13:12:00Z') }]);
      expect(first.forecast).toEqual({ remainingMs: 0, percentUsed: 112.5, breachAt: null });
    });

    it('next response starts at the first unanswered customer message and pauses while waiting for the customer', () => {
      const history: SlaEvent[] = [
        created,
        { type: 'staffReply', at: at('2026-11-02T09:30:00Z') },
        { type: 'customerMessage', at: at('2026-11-02T10:00:00Z') },
        { type: 'customerMessage', at: at('2026-11-02T10:30:00Z') },
        { type: 'state', at: at('2026-11-02T14:00:00Z'), state: 'waiting for customer' },
        { type: 'state', at: at('2026-11-03T08:00:00Z'), state: 'open' },
      ];
      const next = clocks(history, contract, calendars, at('2026-11-03T09:00:00Z')).clocks.find(
        (c) => c.kind === 'nextResponse',
      )!;
      // 11:00–12:00 and 13:00–15:00 CET on Monday, then 09:00–10:00 on Tuesday; 4 h left run to 15:00.
      expect(next).toMatchObject({
        state: 'running',
        cycle: 1,
        usedMs: 240 * MINUTE,
        startedAt: at('2026-11-02T10:00:00Z'),
      });
      expect(next.paused).toEqual([
        { from: at('2026-11-02T14:00:00Z'), to: at('2026-11-03T08:00:00Z'), state: 'waiting for customer' },
      ]);
      expect(iso(next.deadline)).toBe('2026-11-03T14:00:00.000Z');
    });

    it('a ticket raised to critical mid-way is measured around the clock from its creation', () => {
      const history: SlaEvent[] = [created, { type: 'level', at: at('2026-11-02T09:45:00Z'), level: 'critical' }];
      const result = clocks(history, contract, calendars, at('2026-11-02T09:50:00Z'));
      expect(result).toMatchObject({ level: 'critical', levelSource: 'assessed' });
      expect(result.clocks.map((c) => [c.kind, c.state, iso(c.deadline)])).toEqual([
        ['firstResponse', 'breached', '2026-11-02T09:30:00.000Z'],
        ['resolution', 'running', '2026-11-02T13:00:00.000Z'],
      ]);
    });

    it('resolving stops the clocks and reopening resumes resolution where it stood', () => {
      const history: SlaEvent[] = [
        created,
        { type: 'staffReply', at: at('2026-11-02T09:10:00Z') },
        { type: 'state', at: at('2026-11-02T10:00:00Z'), state: 'solved', resolved: true },
      ];
      const solved = clocks(history, contract, calendars, at('2026-11-04T10:00:00Z')).clocks.find(
        (c) => c.kind === 'resolution',
      )!;
      expect(solved).toMatchObject({ state: 'met', usedMs: 60 * MINUTE, stoppedAt: at('2026-11-02T10:00:00Z') });
      const reopened = clocks(
        [...history, { type: 'state', at: at('2026-11-04T10:00:00Z'), state: 'open' }],
        contract,
        calendars,
        at('2026-11-04T11:00:00Z'),
      ).clocks.find((c) => c.kind === 'resolution')!;
      expect(reopened).toMatchObject({ state: 'running', usedMs: 120 * MINUTE, pausedMs: 48 * 60 * MINUTE });
    });

    it('refuses a history that moves the ticket to another contract than the one given', () => {
      expect(() =>
        clocks(
          [created, { type: 'contract', at: at('2026-11-02T10:00:00Z'), contractId: 'silver' }],
          contract,
          calendars,
          at('2026-11-02T11:00:00Z'),
        ),
      ).toThrow(/silver/);
    });
  });
});
