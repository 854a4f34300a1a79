import fc from 'fast-check';
import type { CalendarDefinition } from '../business-time/calendar-definition.js';
import type { ClockKind, ContractTerms, SlaEvent } from '../clocks/clock-types.js';
import { calendarArb, instantArb } from './calendar-arbitraries.js';

const MINUTE = 60_000;
export const STATES = [{ state: 'open' }, { state: 'waiting' }, { state: 'solved', resolved: true }];

type Step = {
  gap: number;
  event:
    | { type: 'customerMessage' }
    | { type: 'staffReply' }
    | { type: 'state'; state: string; resolved?: boolean }
    | { type: 'level'; level: string }
    | { type: 'contract'; contractId: string; level?: string };
};

const stepArb: fc.Arbitrary<Step> = fc.record({
  gap: fc.integer({ min: 1, max: 480 }),
  event: fc.oneof(
    { weight: 3, arbitrary: fc.constant({ type: 'customerMessage' as const }) },
    { weight: 3, arbitrary: fc.constant({ type: 'staffReply' as const }) },
    { weight: 3, arbitrary: fc.constantFrom(...STATES).map((s) => ({ type: 'state' as const, ...s })) },
    {
      weight: 1,
      arbitrary: fc.constantFrom('high', 'normal', 'unknown').map((level) => ({ type: 'level' as const, level })),
    },
    {
      weight: 1,
      // The ticket's SLA set again (to the contract given), with or without a level.
      arbitrary: fc
        .constantFrom(undefined, 'high', 'normal')
        .map((level) => ({ type: 'contract' as const, contractId: 'c1', ...(level ? { level } : {}) })),
    },
  ),
});

export interface TicketCase {
  events: SlaEvent[];
  contract: ContractTerms;
  calendars: Record<string, CalendarDefinition>;
  now: number;
}

const targetArb = fc.record({
  minutes: fc.integer({ min: 1, max: 300 }),
  calendarId: fc.constantFrom<string | null>('office', 'support', null),
});
const targetsArb = fc.record(
  { firstResponse: targetArb, nextResponse: targetArb, resolution: targetArb },
  { requiredKeys: [] },
);
const kindsArb = fc.subarray<ClockKind>(['firstResponse', 'nextResponse', 'resolution']);

export const contractArb: fc.Arbitrary<ContractTerms> = fc.record({
  id: fc.constant('c1'),
  defaultLevel: fc.constantFrom('high', 'normal'),
  levels: fc.tuple(targetsArb, targetsArb).map(([high, normal]) => [
    { code: 'high', targets: high },
    { code: 'normal', targets: normal },
  ]),
  pauses: kindsArb.map((clocks) => [{ state: 'waiting', clocks }]),
  warningPercents: fc.constant([50, 80]),
});

/** A ticket's history with minute-aligned events at distinct times, a contract and its calendars. */
export const ticketArb = (steps = fc.array(stepArb, { maxLength: 10 })): fc.Arbitrary<TicketCase> =>
  fc
    .record({
      created: instantArb,
      steps,
      tail: fc.integer({ min: 0, max: 1500 }),
      contract: contractArb,
      office: calendarArb,
      support: calendarArb,
    })
    .map(({ created, steps: list, tail, contract, office, support }) => {
      const events: SlaEvent[] = [{ type: 'created', at: new Date(created) }];
      let t = created;
      for (const s of list) {
        t += s.gap * MINUTE;
        events.push({ ...s.event, at: new Date(t) } as SlaEvent);
      }
      return { events, contract, calendars: { office, support }, now: t + tail * MINUTE };
    });

export const stepsWithoutStates = fc.array(
  stepArb.filter((s) => s.event.type !== 'state'),
  { maxLength: 8 },
);
