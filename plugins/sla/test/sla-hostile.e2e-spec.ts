import fc from 'fast-check';
import { bearer, type TestApp } from '../../../test/setup/harness.js';
import { goldContract, startSlaApp } from './sla-test-kit.js';

/** Values of every shape a client could send, biased towards the edges that break parsers and date arithmetic. */
const hostile = fc.oneof(
  { weight: 3, arbitrary: fc.constant(null) },
  fc.constantFrom(
    null,
    '',
    ' ',
    '24:00',
    '23:60',
    '00:00',
    '02:30',
    '9999-12-31T23:59:59Z',
    '1969-12-31T23:59:59Z',
    '02-29',
    '2026-02-29',
  ),
  fc.constantFrom('Europe/Prague', 'Mars/Olympus', 'UTC', 'critical', 'waiting for customer', '\u0000', '💥'),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.string({ maxLength: 30 }),
  fc.uuid(),
  fc.array(
    fc.record({
      from: fc.string(),
      to: fc.string(),
      date: fc.string(),
      state: fc.string(),
      clocks: fc.array(fc.string()),
    }),
    { maxLength: 3 },
  ),
  fc.dictionary(
    fc.constantFrom('mon', 'sun', 'country', 'state', 'x'),
    fc.oneof(fc.string(), fc.integer(), fc.constant(null)),
    { maxKeys: 3 },
  ),
);

const bodyOf = (keys: string[]) => fc.dictionary(fc.constantFrom(...keys), hostile, { minKeys: 1, maxKeys: 2 });

describe('SLA routes under hostile input', () => {
  let t: TestApp;
  let ids: { calendar: string; contract: string; level: string };
  beforeAll(async () => {
    t = await startSlaApp();
    const { calendar, contract } = await goldContract(t, { name: 'Hostile' });
    ids = { calendar: calendar.id, contract: contract.id, level: contract.levels[0].id };
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers every body with a 2xx or a 4xx carrying a code, never a 5xx', async () => {
    const routes: [string, string, string[]][] = [
      ['post', '/api/sla/calendars', ['name', 'timeZone', 'aroundTheClock', 'week', 'holidays', 'publicHolidays']],
      [
        'patch',
        `/api/sla/calendars/${ids.calendar}`,
        ['version', 'name', 'timeZone', 'aroundTheClock', 'week', 'holidays', 'publicHolidays'],
      ],
      ['post', '/api/sla/contracts', ['name', 'defaultLevel', 'levels', 'pauses', 'warningPercents', 'isDefault']],
      [
        'patch',
        `/api/sla/contracts/${ids.contract}`,
        ['version', 'name', 'defaultLevel', 'pauses', 'warningPercents', 'isDefault'],
      ],
      [
        'post',
        '/api/sla/levels',
        ['contractId', 'code', 'name', 'position', 'firstResponseMinutes', 'resolutionCalendarId'],
      ],
      [
        'patch',
        `/api/sla/levels/${ids.level}`,
        ['version', 'name', 'position', 'nextResponseMinutes', 'nextResponseCalendarId'],
      ],
      ['post', '/api/sla/preview', ['contractId', 'level', 'start', 'pauses']],
      ['post', '/api/sla/assignments', ['nodeId', 'contractId']],
    ];
    await fc.assert(
      fc.asyncProperty(
        fc
          .constantFrom(...routes)
          .chain(([method, path, keys]) => bodyOf(keys).map((body) => ({ method, path, body }))),
        async ({ method, path, body }) => {
          // A change carries the record's current version, so the hostile fields get past the version check.
          const current =
            method === 'patch' ? (await t.http().get(path).set(bearer(t.adminToken))).body.version : undefined;
          const request = method === 'post' ? t.http().post(path) : t.http().patch(path);
          const res = await request.set(bearer(t.adminToken)).send(current ? { ...body, version: current } : body);
          expect({
            path,
            body,
            status: res.status < 500,
            code: res.status < 300 || typeof res.body.code === 'string',
          }).toEqual({ path, body, status: true, code: true });
        },
      ),
      { seed: 20261130, numRuns: 400 },
    );
  });

  it('answers odd list and preview queries with a 4xx, never a 5xx', async () => {
    for (const query of [
      'limit=0',
      'limit=abc',
      'sort=nope',
      'cursor=zzz',
      'deleted=maybe',
      'filter[contractId]=x',
      'start=tomorrow',
      'filter[nodeId]=1',
    ]) {
      for (const path of [
        '/api/sla/calendars',
        '/api/sla/contracts',
        '/api/sla/levels',
        '/api/sla/clocks',
        '/api/sla/assignments',
        `/api/sla/contracts/${ids.contract}/deadlines`,
      ]) {
        const res = await t.http().get(`${path}?${query}`).set(bearer(t.adminToken));
        expect({ path, query, status: res.status < 500 }).toEqual({ path, query, status: true });
      }
    }
  });
});
