import { bearer, type TestApp } from '../../../test/setup/harness.js';
import { SlaDemoData } from '../demo-data.js';
import { PRAGUE_OFFICE, goldContract, post, startSlaApp } from './sla-test-kit.js';

describe('SLA calendars, contracts and the preview', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startSlaApp();
  });
  afterAll(async () => {
    await t.close();
  });

  const api = () => ({
    get: (path: string) => t.http().get(path).set(bearer(t.adminToken)),
    post: (path: string, body: object) => t.http().post(path).set(bearer(t.adminToken)).send(body),
    patch: (path: string, body: object) => t.http().patch(path).set(bearer(t.adminToken)).send(body),
    delete: (path: string) => t.http().delete(path).set(bearer(t.adminToken)),
  });

  describe('calendars', () => {
    it.each([
      [{ ...PRAGUE_OFFICE, name: 'A', timeZone: 'Europe/Atlantis' }, 'timeZone', 'UNKNOWN_TIME_ZONE'],
      [
        {
          ...PRAGUE_OFFICE,
          name: 'B',
          week: {
            mon: [
              { from: '08:00', to: '12:00' },
              { from: '11:00', to: '13:00' },
            ],
          },
        },
        'week.mon',
        'WINDOWS_OVERLAP',
      ],
      [{ ...PRAGUE_OFFICE, name: 'C', week: { mon: [{ from: '12:00', to: '08:00' }] } }, 'week.mon.0', 'WINDOW_EMPTY'],
      [{ ...PRAGUE_OFFICE, name: 'D', week: {} }, 'week', 'NO_WORKING_TIME'],
      [{ ...PRAGUE_OFFICE, name: 'E', holidays: [{ date: '02-30' }] }, 'holidays.0.date', 'INVALID_DATE'],
      [{ ...PRAGUE_OFFICE, name: 'F', publicHolidays: { country: 'XX' } }, 'publicHolidays', 'UNKNOWN_COUNTRY'],
      [{ ...PRAGUE_OFFICE, name: 'G', week: { mon: [{ from: '8:00', to: '25:00' }] } }, 'week.mon.0.from', 'MATCHES'],
    ])('refuses a calendar that cannot work (%#) naming the field', async (body, field, code) => {
      const res = await api().post('/api/sla/calendars', body);
      expect(res.status).toBe(400);
      expect(res.body.details[0]).toMatchObject({ field, code });
    });

    it('keeps every edit in history and answers a stale version with 409', async () => {
      const created = await post(t, '/api/sla/calendars', { ...PRAGUE_OFFICE, name: 'Brno office' });
      expect(created).toMatchObject({
        version: 1,
        aroundTheClock: false,
        holidays: [],
        publicHolidays: { country: 'CZ' },
      });
      const changed = await api().patch(`/api/sla/calendars/${created.id}`, {
        version: 1,
        holidays: [{ date: '12-24', name: 'Christmas Eve' }],
      });
      expect(changed.status).toBe(200);
      expect(changed.body.version).toBe(2);
      const stale = await api().patch(`/api/sla/calendars/${created.id}`, { version: 1, name: 'Brno' });
      expect(stale.status).toBe(409);
      expect(stale.body.currentVersion).toBe(2);
      const history = await api().get(`/api/sla/calendars/${created.id}/history`);
      expect(history.body.items.map((h: { action: string }) => h.action)).toEqual(['update', 'create']);
      expect(history.body.items[0].changes.holidays).toEqual({
        before: [],
        after: [{ date: '12-24', name: 'Christmas Eve' }],
      });
    });

    it('refuses a second calendar of the same name', async () => {
      await post(t, '/api/sla/calendars', { ...PRAGUE_OFFICE, name: 'Ostrava office' });
      const res = await api().post('/api/sla/calendars', { ...PRAGUE_OFFICE, name: 'ostrava OFFICE' });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('NAME_TAKEN');
    });

    it('refuses to delete a calendar a contract counts in, and deletes and restores an unused one', async () => {
      const { calendar } = await goldContract(t, { name: 'Silver' });
      expect((await api().delete(`/api/sla/calendars/${calendar.id}`)).status).toBe(422);
      const spare = await post(t, '/api/sla/calendars', { name: 'Night shift', timeZone: 'UTC', aroundTheClock: true });
      expect((await api().delete(`/api/sla/calendars/${spare.id}`)).status).toBe(204);
      expect(
        (await api().get('/api/sla/calendars?limit=100')).body.items.map((c: { id: string }) => c.id),
      ).not.toContain(spare.id);
      expect(
        (await api().get('/api/sla/calendars?deleted=only')).body.items.map((c: { id: string }) => c.id),
      ).toContain(spare.id);
      expect((await api().post(`/api/sla/calendars/${spare.id}/restore`, {})).status).toBe(200);
    });
  });

  describe('contracts and levels', () => {
    it('creates a contract with its levels and refuses a default level it does not have', async () => {
      const { contract } = await goldContract(t, { name: 'Platinum' });
      expect(contract.levels.map((l: { code: string }) => l.code)).toEqual(['critical', 'normal']);
      const res = await api().post('/api/sla/contracts', {
        name: 'Bronze',
        defaultLevel: 'low',
        levels: [{ code: 'high', name: 'High' }],
      });
      expect(res.status).toBe(400);
      expect(res.body.details[0]).toMatchObject({ field: 'defaultLevel', code: 'UNKNOWN_LEVEL' });
    });

    it('keeps the default level, and adds, changes and removes the others with history', async () => {
      const { contract } = await goldContract(t, { name: 'Copper' });
      const normal = contract.levels.find((l: { code: string }) => l.code === 'normal');
      expect((await api().delete(`/api/sla/levels/${normal.id}`)).status).toBe(422);
      const low = await post(t, '/api/sla/levels', {
        contractId: contract.id,
        code: 'low',
        name: 'Low',
        resolutionMinutes: 7200,
        position: 9,
      });
      const changed = await api().patch(`/api/sla/levels/${low.id}`, { version: 1, resolutionMinutes: 9600 });
      expect(changed.body.resolutionMinutes).toBe(9600);
      expect(
        (await api().get(`/api/sla/levels?filter[contractId]=${contract.id}`)).body.items.map(
          (l: { code: string }) => l.code,
        ),
      ).toEqual(['critical', 'normal', 'low']);
      expect((await api().delete(`/api/sla/levels/${low.id}`)).status).toBe(204);
      const history = await api().get(`/api/sla/levels/${low.id}/history`);
      expect(history.status).toBe(404);
    });

    it('refuses a target in a calendar that does not exist', async () => {
      const { contract } = await goldContract(t, { name: 'Iron' });
      const res = await api().post('/api/sla/levels', {
        contractId: contract.id,
        code: 'low',
        name: 'Low',
        resolutionMinutes: 60,
        resolutionCalendarId: '01900000-0000-7000-8000-000000000000',
      });
      expect(res.status).toBe(400);
      expect(res.body.details[0]).toMatchObject({ field: 'resolutionCalendarId', code: 'UNKNOWN_CALENDAR' });
    });

    it('has one default contract at most: making another the default unmarks the former', async () => {
      const { contract: first } = await goldContract(t, { name: 'Default one', isDefault: true });
      const { contract: second } = await goldContract(t, { name: 'Default two', isDefault: true });
      expect((await api().get(`/api/sla/contracts/${first.id}`)).body.isDefault).toBe(false);
      expect((await api().get(`/api/sla/contracts/${second.id}`)).body.isDefault).toBe(true);
    });
  });

  describe('the preview', () => {
    it("gives the deadlines a ticket created at a moment would get, on the calendar's own clock", async () => {
      const { contract } = await goldContract(t, { name: 'Preview' });
      // Friday 23 October 2026 16:00 CEST; the clocks go back on Sunday.
      const res = await api().post('/api/sla/preview', { contractId: contract.id, start: '2026-10-23T16:00:00+02:00' });
      expect(res.status).toBe(200);
      const first = res.body.clocks.find((c: { kind: string }) => c.kind === 'firstResponse');
      // 1 h on Friday, then 3 h from Monday 08:00, by then in winter time (CET): 11:00.
      expect(first).toMatchObject({
        targetMinutes: 240,
        deadline: '2026-10-26T10:00:00.000Z',
        deadlineLocal: '2026-10-26T11:00:00.000+01:00',
      });
      expect(first.calendar).toMatchObject({ name: 'Preview: Prague office', timeZone: 'Europe/Prague' });
    });

    it('moves the deadlines by the pauses given', async () => {
      const { contract } = await goldContract(t, { name: 'Preview pauses' });
      const res = await api().post('/api/sla/preview', {
        contractId: contract.id,
        level: 'critical',
        start: '2026-11-02T10:00:00Z',
        pauses: [{ from: '2026-11-02T10:10:00Z', to: '2026-11-02T11:10:00Z' }],
      });
      expect(res.body.clocks.map((c: { kind: string; deadline: string }) => [c.kind, c.deadline])).toEqual([
        ['firstResponse', '2026-11-02T11:30:00.000Z'],
        ['resolution', '2026-11-02T15:00:00.000Z'],
      ]);
      const normal = await api().post('/api/sla/preview', { contractId: contract.id, start: '2026-11-02T10:00:00Z' });
      // A customer message at 11:00 CET is owed a reply within 8 office hours: 11:00–12:00, 13:00–17:00, then Tuesday 08:00–11:00.
      expect(normal.body.clocks.map((c: { kind: string }) => c.kind)).toEqual([
        'firstResponse',
        'nextResponse',
        'resolution',
      ]);
      expect(normal.body.clocks[1].deadline).toBe('2026-11-03T10:00:00.000Z');
    });

    it.each([
      [{ level: 'nonexistent' }, 400, 'level'],
      [{ start: '2026-13-01T00:00:00Z' }, 400, 'start'],
      [{ start: '9999-01-01T00:00:00Z' }, 400, 'start'],
      [{ pauses: [{ from: '2026-11-02T12:00:00Z', to: '2026-11-02T11:00:00Z' }] }, 400, 'pauses.0'],
    ])('answers odd input (%#) with a 400 naming the field, never a 500', async (change, status, field) => {
      const { contract } = await goldContract(t, { name: `Odd ${field} ${Math.random()}` });
      const res = await api().post('/api/sla/preview', {
        contractId: contract.id,
        start: '2026-11-02T10:00:00Z',
        ...change,
      });
      expect(res.status).toBe(status);
      expect(res.body.details[0].field).toBe(field);
    });

    it('answers 404 for a contract that is not there', async () => {
      const res = await api().post('/api/sla/preview', {
        contractId: '01900000-0000-7000-8000-000000000000',
        start: '2026-11-02T10:00:00Z',
      });
      expect(res.status).toBe(404);
    });
  });

  it('seeds demo calendars and a default contract whose deadlines a ticket coming in would get', async () => {
    await t.get(SlaDemoData).seed();
    const contracts = (await api().get('/api/sla/contracts?limit=100')).body.items;
    const standard = contracts.find((c: { name: string }) => c.name === 'Standard support');
    expect(standard.isDefault).toBe(true);
    const rows = (await api().get(`/api/sla/contracts/${standard.id}/deadlines?start=2026-12-23T15:00:00Z`)).body.items;
    // Wednesday 23 December 16:00 CET, normal level: 1 h that day, then Christmas (24th–26th) and the weekend off.
    expect(rows.find((r: { id: string }) => r.id === 'normal:firstResponse')).toMatchObject({
      levelName: 'Normal',
      calendarName: 'Prague office hours',
      deadline: '2026-12-28T10:00:00.000Z',
      deadlineLocal: '2026-12-28T11:00:00.000+01:00',
    });
    expect(rows.find((r: { id: string }) => r.id === 'critical:firstResponse')).toMatchObject({
      calendarName: null,
      deadline: '2026-12-23T15:30:00.000Z',
    });
  });

  it('answers null for a field a record cannot be without with a 400 naming it, never a 500', async () => {
    const { calendar, contract } = await goldContract(t, { name: 'Nulls' });
    const level = contract.levels[0];
    const cases: [string, Record<string, unknown>][] = [
      ...['name', 'timeZone', 'aroundTheClock', 'week', 'holidays'].map((f): [string, Record<string, unknown>] => [
        `/api/sla/calendars/${calendar.id}`,
        { [f]: null },
      ]),
      ...['name', 'defaultLevel', 'pauses', 'warningPercents', 'isDefault'].map(
        (f): [string, Record<string, unknown>] => [`/api/sla/contracts/${contract.id}`, { [f]: null }],
      ),
      ...['name', 'position'].map((f): [string, Record<string, unknown>] => [
        `/api/sla/levels/${level.id}`,
        { [f]: null },
      ]),
    ];
    for (const [path, body] of cases) {
      const res = await api().patch(path, { version: 1, ...body });
      expect([res.status, res.body.details?.[0]?.field]).toEqual([400, Object.keys(body)[0]]);
    }
  });

  it('refuses a signed-in user without SLA rights', async () => {
    const user = await t.user('nobody@test.local');
    expect((await t.http().get('/api/sla/calendars').set(bearer(user.token))).status).toBe(403);
    expect((await t.http().post('/api/sla/calendars').set(bearer(user.token)).send(PRAGUE_OFFICE)).status).toBe(403);
  });
});
