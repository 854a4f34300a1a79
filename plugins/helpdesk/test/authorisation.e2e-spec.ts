import { DataSource } from 'typeorm';
import type { TestApp } from '../../../test/setup/harness.js';
import {
  addressBook,
  area,
  customer,
  customerPerson,
  fileTicket,
  ok,
  send,
  staff,
  startHelpdeskApp,
} from './helpdesk-test-kit.js';

describe('request authorisation', () => {
  let t: TestApp;
  let book: string;
  let agent: { id: string; token: string };
  let novak: Awaited<ReturnType<typeof customer>>;
  let caller: { id: string; token: string };
  let boss: { id: string; token: string };

  const setMode = (customerId: string, mode: string) =>
    ok(t, t.adminToken, 'put', `/api/customers/${customerId}/request-authorisation`, { mode }, 200);

  beforeAll(async () => {
    t = await startHelpdeskApp();
    book = await addressBook(t, 'Praha');
    novak = await customer(t, 'Novák s.r.o.', book);
    const support = await area(t, { code: 'support', isDefault: true });
    agent = await staff(t, 'agent@test.local', [
      ['administrator', support.id],
      ['administrator', book],
    ]);
    caller = await customerPerson(t, 'caller@novak.test', novak.id, 'caller', novak.serviceId);
    boss = await customerPerson(t, 'boss@novak.test', novak.id, 'administrator');
  });
  afterAll(() => t?.close());

  it('is off by default: a request is new at once, and asking for authorisation is refused', async () => {
    expect((await ok(t, boss.token, 'get', `/api/customers/${novak.id}/request-authorisation`)).mode).toBe('off');
    const ticket = await fileTicket(t, caller.token, { subject: 'Plain request', serviceId: novak.serviceId });
    expect(ticket).toMatchObject({ state: 'new', authorisation: null });
    const asked = await send(t, caller.token, 'post', '/api/tickets', {
      subject: 'x',
      body: 'x',
      serviceId: novak.serviceId,
      requestAuthorisation: true,
    });
    expect(asked.status).toBe(400);
    expect(asked.body.details[0]).toMatchObject({ field: 'requestAuthorisation', code: 'AUTHORISATION_OFF' });
  });

  it('holds every request when mandatory until an authorised person approves it, flagging likely duplicates', async () => {
    await setMode(novak.id, 'mandatory');
    const first = await fileTicket(t, caller.token, {
      subject: 'Printer on floor 2 not printing',
      serviceId: novak.serviceId,
    });
    expect(first).toMatchObject({ state: 'awaiting_authorisation', authorisation: 'requested' });
    const second = await fileTicket(t, caller.token, {
      subject: 'Printer on floor 2 is not printing',
      serviceId: novak.serviceId,
    });
    const pending = await ok(t, boss.token, 'get', `/api/tickets/${second.id}/authorisation`);
    expect(pending.likelyDuplicates.map((d: { id: string }) => d.id)).toEqual([first.id]);
    const [event] = await t
      .get(DataSource)
      .query(`SELECT payload FROM event_outbox WHERE type = 'ticket.awaiting_authorisation' AND record_id = $1`, [
        second.id,
      ]);
    expect(event.payload.likelyDuplicates).toEqual([first.id]);

    // Staff cannot move it on by a plain state change, and the requester (a Caller) cannot approve it.
    const skip = await send(t, agent.token, 'post', `/api/tickets/${first.id}/state`, {
      version: first.version,
      state: 'open',
    });
    expect([skip.status, skip.body.code]).toEqual([422, 'AWAITING_AUTHORISATION']);
    expect(
      (await send(t, caller.token, 'post', `/api/tickets/${first.id}/authorisation`, { decision: 'approve' })).status,
    ).toBe(403);

    const approved = await ok(
      t,
      boss.token,
      'post',
      `/api/tickets/${first.id}/authorisation`,
      { decision: 'approve' },
      200,
    );
    expect(approved).toMatchObject({ state: 'new', authorisation: 'approved', authorisedBy: boss.id });
    const noReason = await send(t, agent.token, 'post', `/api/tickets/${second.id}/authorisation`, {
      decision: 'reject',
    });
    expect([noReason.status, noReason.body.details?.[0]?.field]).toEqual([400, 'reason']);
    const rejected = await ok(
      t,
      agent.token,
      'post',
      `/api/tickets/${second.id}/authorisation`,
      { decision: 'reject', reason: 'Same as the first' },
      200,
    );
    expect(rejected).toMatchObject({
      state: 'closed',
      authorisation: 'rejected',
      authorisationReason: 'Same as the first',
    });
    const again = await send(t, boss.token, 'post', `/api/tickets/${second.id}/authorisation`, { decision: 'approve' });
    expect([again.status, again.body.code]).toEqual([422, 'NOT_AWAITING_AUTHORISATION']);
    const history = await ok(t, agent.token, 'get', `/api/tickets/${second.id}/history`);
    expect(history.items[0].changes).toMatchObject({
      state: { before: 'awaiting_authorisation', after: 'closed' },
      authorisationReason: { after: 'Same as the first' },
    });
  });

  it('holds a request only when asked where authorisation is optional', async () => {
    await setMode(novak.id, 'optional');
    expect(
      (await fileTicket(t, caller.token, { subject: 'Optional, not asked', serviceId: novak.serviceId })).state,
    ).toBe('new');
    expect(
      (
        await fileTicket(t, caller.token, {
          subject: 'Optional, asked',
          serviceId: novak.serviceId,
          requestAuthorisation: true,
        })
      ).state,
    ).toBe('awaiting_authorisation');
  });

  it('lets an approver without an account decide once through a one-purpose link', async () => {
    await setMode(novak.id, 'mandatory');
    const ticket = await fileTicket(t, caller.token, {
      subject: 'New laptop for the accountant',
      serviceId: novak.serviceId,
    });
    const link = await ok(t, agent.token, 'post', `/api/tickets/${ticket.id}/approval-links`, {
      approverEmail: 'cfo@novak.test',
    });
    const pageRes = await t.http().get(link.path);
    expect(pageRes.status).toBe(200);
    expect(pageRes.text).toContain('New laptop for the accountant');
    const decided = await t.http().post(link.path).type('form').send({ decision: 'approve' });
    expect(decided.status).toBe(200);
    expect(decided.text).toContain('Request approved');
    expect((await ok(t, agent.token, 'get', `/api/tickets/${ticket.id}`)).state).toBe('new');
    expect((await t.http().get(link.path)).status).toBe(404);
    expect((await t.http().post(link.path).type('form').send({ decision: 'reject', reason: 'x' })).status).toBe(404);
    expect((await t.http().get('/helpdesk/approve/made-up-secret')).status).toBe(404);
  });

  it('refuses a mode it does not know and keeps each change in the history', async () => {
    const bad = await send(t, t.adminToken, 'put', `/api/customers/${novak.id}/request-authorisation`, {
      mode: 'sometimes',
    });
    expect(bad.status).toBe(400);
    expect(
      (await send(t, caller.token, 'put', `/api/customers/${novak.id}/request-authorisation`, { mode: 'off' })).status,
    ).toBe(404);
    const entries = await ok(t, t.adminToken, 'get', `/api/history?filter[entityType]=request_authorisation&limit=50`);
    expect(entries.items.length).toBeGreaterThanOrEqual(3);
  });
});
