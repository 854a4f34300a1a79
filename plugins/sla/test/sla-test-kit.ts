import { bearer, startTestApp, type TestApp } from '../../../test/setup/harness.js';

export const TICKETS = './plugins/sla/test/fixtures/tickets';

export const startSlaApp = () => startTestApp({ plugins: ['sla', TICKETS] });

const day = [
  { from: '08:00', to: '12:00' },
  { from: '13:00', to: '17:00' },
];
/** Prague office hours with a lunch break, Czech public holidays off. */
export const PRAGUE_OFFICE = {
  name: 'Prague office',
  timeZone: 'Europe/Prague',
  week: { mon: day, tue: day, wed: day, thu: day, fri: day },
  publicHolidays: { country: 'CZ' },
};

export async function post(t: TestApp, path: string, body: unknown, token = t.adminToken) {
  const res = await t
    .http()
    .post(path)
    .set(bearer(token))
    .send(body as object);
  if (res.status !== 201 && res.status !== 200)
    throw new Error(`POST ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** A calendar and a contract with levels normal (office hours) and critical (around the clock). */
export async function goldContract(t: TestApp, extra: { name?: string } & Record<string, unknown> = {}) {
  const calendar = await post(t, '/api/sla/calendars', {
    ...PRAGUE_OFFICE,
    name: `${extra.name ?? 'Gold'}: Prague office`,
  });
  const contract = await post(t, '/api/sla/contracts', {
    name: 'Gold',
    defaultLevel: 'normal',
    levels: [
      { code: 'critical', name: 'Critical', firstResponseMinutes: 30, resolutionMinutes: 240 },
      {
        code: 'normal',
        name: 'Normal',
        firstResponseMinutes: 240,
        firstResponseCalendarId: calendar.id,
        nextResponseMinutes: 480,
        nextResponseCalendarId: calendar.id,
        resolutionMinutes: 960,
        resolutionCalendarId: calendar.id,
      },
    ],
    pauses: [{ state: 'waiting for customer', clocks: ['nextResponse', 'resolution'] }],
    warningPercents: [80],
    ...extra,
  });
  return { calendar, contract };
}

/** Waits for a queued job to finish and returns its status. */
export async function finished(t: TestApp, jobId: string, token = t.adminToken) {
  for (let i = 0; i < 200; i++) {
    const res = await t.http().get(`/api/jobs/${jobId}`).set(bearer(token));
    if (res.body.status === 'succeeded' || res.body.status === 'failed') return res.body;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`job ${jobId} did not finish`);
}
