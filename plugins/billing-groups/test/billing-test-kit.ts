import iconv from 'iconv-lite';
import { bearer, startTestApp, type TestApp } from '../../../test/setup/harness.js';

export const startBillingApp = (settings: Record<string, unknown> = {}) =>
  startTestApp({ plugins: ['contacts', 'billing-groups'], settings: { 'billing-groups': settings } });

/** Where the operator keeps customers: an address book and a service template, as the master admin. */
export async function contactsReady(t: TestApp) {
  const admin = bearer(t.adminToken);
  await expectCreated(t.http().post('/api/service-templates').set(admin).send({ code: 'internet', name: 'Internet' }));
  return (await expectCreated(t.http().post('/api/address-books').set(admin).send({ name: 'Praha' }))).id as string;
}

/**
 * Creates a customer and waits for its billing account: the account is opened by a handler of
 * `customer.created` after the commit, and which group it lands in depends on the default group
 * at that moment — a test that moves the default mark must not race it.
 */
export async function customer(t: TestApp, name: string, extra: Record<string, unknown> = {}) {
  const created = await expectCreated(
    t
      .http()
      .post('/api/customers')
      .set(bearer(t.adminToken))
      .send({ name, ...extra }),
  );
  await accountOpened(t, created.id);
  return created;
}

export async function accountOpened(t: TestApp, customerId: string) {
  for (let i = 0; i < 100; i++) {
    const res = await t.http().get(`/api/billing-accounts/${customerId}`).set(bearer(t.adminToken));
    if (res.status === 200) return res.body;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no billing account opened for customer ${customerId}`);
}

export async function billingGroup(t: TestApp, body: Record<string, unknown>) {
  return expectCreated(t.http().post('/api/billing-groups').set(bearer(t.adminToken)).send(body));
}

export async function issue(t: TestApp, body: Record<string, unknown>, token = t.adminToken) {
  return expectCreated(t.http().post('/api/invoices').set(bearer(token)).send(body));
}

export async function expectCreated(request: PromiseLike<{ status: number; body: any }>) {
  const res = await request;
  if (res.status !== 201) throw new Error(`expected 201, got ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Polls a queued job until it ends; fails the test when it failed. */
export async function finished(t: TestApp, jobId: string, token = t.adminToken) {
  for (let i = 0; i < 300; i++) {
    const job = (await t.http().get(`/api/jobs/${jobId}`).set(bearer(token))).body;
    if (job.status === 'succeeded') return job;
    if (job.status === 'failed') throw new Error(`job failed: ${job.error}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('job did not finish');
}

/** Imports a statement through the API and waits for its job; returns the job's result. */
export async function importStatement(t: TestApp, format: 'gpc' | 'camt053', file: Buffer, token = t.adminToken) {
  const res = await t
    .http()
    .post('/api/bank-statements')
    .set(bearer(token))
    .send({ format, data: file.toString('base64') });
  if (res.status !== 202) throw new Error(`import: ${res.status} ${JSON.stringify(res.body)}`);
  return { ...res.body, job: await finished(t, res.body.jobId, token) };
}

export interface Credit {
  ref: string;
  symbol: string;
  amountMinor: number;
  /** YYYY-MM-DD */
  on: string;
  name?: string;
}

const ddmmyy = (iso: string) => `${iso.slice(8, 10)}${iso.slice(5, 7)}${iso.slice(2, 4)}`;

/** An ABO/GPC statement of account `account` (16 digits at most) with these credits, in windows-1250. */
export function gpc(account: string, number: number, credits: Credit[]) {
  const header = `074${account.padStart(16, '0')}${'Demo účet'.padEnd(20)}${ddmmyy(credits[0]?.on ?? '2026-01-01')}${'0'.repeat(14)}+${'0'.repeat(14)}+${'0'.repeat(14)}0${'0'.repeat(14)}0${String(number).padStart(3, '0')}${ddmmyy(credits[0]?.on ?? '2026-01-01')}${' '.repeat(14)}`;
  const lines = credits.map(
    (c) =>
      `075${account.padStart(16, '0')}${'0'.repeat(16)}${c.ref.padStart(13, '0')}${String(c.amountMinor).padStart(12, '0')}2${c.symbol.padStart(10, '0')}${'0'.repeat(10)}${'0'.repeat(10)}${ddmmyy(c.on)}${(c.name ?? 'Plátce').padEnd(20).slice(0, 20)}00203${ddmmyy(c.on)}`,
  );
  return iconv.encode([header, ...lines].join('\r\n') + '\r\n', 'win1250');
}

export const daysFromToday = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
