import type { TestApp } from '../../../test/setup/harness.js';
import {
  addressBook,
  area,
  customer,
  fileTicket,
  ids,
  ok,
  send,
  staff,
  startHelpdeskApp,
} from './helpdesk-test-kit.js';

const MINUTE = 60_000;

/** An around-the-clock contract: deadlines are plain minutes after the start. */
const contract = (t: TestApp, name: string, normalMinutes: number, extra: Record<string, unknown> = {}) =>
  ok(t, t.adminToken, 'post', '/api/sla/contracts', {
    name,
    defaultLevel: 'normal',
    levels: [
      { code: 'critical', name: 'Critical', firstResponseMinutes: 30, resolutionMinutes: 240 },
      {
        code: 'normal',
        name: 'Normal',
        firstResponseMinutes: normalMinutes,
        nextResponseMinutes: normalMinutes,
        resolutionMinutes: normalMinutes * 4,
      },
    ],
    pauses: [{ state: 'waiting_for_customer', clocks: ['nextResponse', 'resolution'] }],
    warningPercents: [80],
    ...extra,
  });

const clock = (sla: any, kind: string) => sla.clocks.find((c: any) => c.kind === kind && c.cycle === 1);

describe('SLA on every ticket', () => {
  let t: TestApp;
  let book: string;
  let support: { id: string };
  let agent: { id: string; token: string };
  let novak: Awaited<ReturnType<typeof customer>>;
  let standard: { id: string };

  beforeAll(async () => {
    t = await startHelpdeskApp();
    book = await addressBook(t, 'Praha');
    novak = await customer(t, 'Novák s.r.o.', book);
    standard = await contract(t, 'Standard', 240, { isDefault: true });
    support = await area(t, { code: 'support', isDefault: true });
    agent = await staff(t, 'agent@test.local', [
      ['administrator', support.id],
      ['administrator', book],
    ]);
  });
  afterAll(() => t?.close());

  it('measures a new ticket by the default contract and stores its nearest deadline for sorting', async () => {
    const before = Date.now();
    const ticket = await fileTicket(t, agent.token, { subject: 'No dial tone', customerId: novak.id });
    const sla = await ok(t, agent.token, 'get', `/api/tickets/${ticket.id}/sla`);
    expect(sla.contract).toMatchObject({ id: standard.id, because: { source: 'default' } });
    expect(sla.level).toMatchObject({ code: 'normal', source: 'default' });
    const first = clock(sla, 'firstResponse');
    expect(first.state).toBe('running');
    const due = new Date(first.deadline).getTime();
    expect(due).toBeGreaterThanOrEqual(before + 240 * MINUTE - 1000);
    expect(due).toBeLessThanOrEqual(Date.now() + 240 * MINUTE);
    expect(ticket.slaState).toBe('running');
    expect(new Date(ticket.slaDueAt).getTime()).toBe(due);
  });

  it('stops the first-response clock at the first public staff reply, not at a private one', async () => {
    const ticket = await fileTicket(t, agent.token, { subject: 'Replies', customerId: novak.id });
    await ok(t, agent.token, 'post', `/api/tickets/${ticket.id}/messages`, {
      body: 'internal',
      private: true,
      addresseeId: agent.id,
    });
    expect(clock(await ok(t, agent.token, 'get', `/api/tickets/${ticket.id}/sla`), 'firstResponse').state).toBe(
      'running',
    );
    await ok(t, agent.token, 'post', `/api/tickets/${ticket.id}/messages`, { body: 'Looking into it' });
    const sla = await ok(t, agent.token, 'get', `/api/tickets/${ticket.id}/sla`);
    expect(clock(sla, 'firstResponse').state).toBe('met');
    const after = await ok(t, agent.token, 'get', `/api/tickets/${ticket.id}`);
    // The resolution clock is what is still owed.
    expect(new Date(after.slaDueAt).getTime()).toBe(new Date(clock(sla, 'resolution').deadline).getTime());
  });

  it('recomputes the clocks when the severity is assessed, from the start of the ticket, and keeps the change in history', async () => {
    const ticket = await fileTicket(t, agent.token, { subject: 'Whole office offline', customerId: novak.id });
    const critical = await ok(t, agent.token, 'patch', `/api/tickets/${ticket.id}`, {
      version: ticket.version,
      severity: 'critical',
    });
    const sla = await ok(t, agent.token, 'get', `/api/tickets/${ticket.id}/sla`);
    expect(sla.level).toMatchObject({ code: 'critical', source: 'assessed' });
    const first = clock(sla, 'firstResponse');
    expect(new Date(first.deadline).getTime()).toBe(new Date(ticket.createdAt).getTime() + 30 * MINUTE);
    expect(new Date(critical.slaDueAt).getTime()).toBe(new Date(first.deadline).getTime());
    const history = await ok(t, agent.token, 'get', `/api/tickets/${ticket.id}/history`);
    expect(history.items[0].changes.severity).toEqual({ before: null, after: 'critical' });
  });

  it('sorts by the stored deadline: the most urgent first, tickets without a running clock last', async () => {
    const calm = await fileTicket(t, agent.token, { subject: 'Sort calm', customerId: novak.id });
    const urgent = await fileTicket(t, agent.token, {
      subject: 'Sort urgent',
      customerId: novak.id,
      severity: 'critical',
    });
    const done = await fileTicket(t, agent.token, { subject: 'Sort done', customerId: novak.id });
    await ok(
      t,
      agent.token,
      'post',
      `/api/tickets/${done.id}/state`,
      { version: done.version, state: 'resolved' },
      200,
    );
    const list = ids(await ok(t, agent.token, 'get', '/api/tickets?q=sort'));
    expect(list).toEqual([urgent.id, calm.id, done.id]);
    const resolved = await ok(t, agent.token, 'get', `/api/tickets/${done.id}`);
    expect(resolved).toMatchObject({ slaDueAt: null, slaState: 'met' });
    expect(ids(await ok(t, agent.token, 'get', '/api/tickets?q=sort&filter[slaState]=running'))).toEqual([
      urgent.id,
      calm.id,
    ]);
  });

  it('pauses the resolution while waiting for the customer', async () => {
    const ticket = await fileTicket(t, agent.token, { subject: 'Waiting', customerId: novak.id });
    await ok(t, agent.token, 'post', `/api/tickets/${ticket.id}/messages`, { body: 'Please send a photo' });
    const waiting = await ok(
      t,
      agent.token,
      'post',
      `/api/tickets/${ticket.id}/state`,
      { version: ticket.version, state: 'waiting_for_customer' },
      200,
    );
    expect(clock(await ok(t, agent.token, 'get', `/api/tickets/${ticket.id}/sla`), 'resolution').state).toBe('paused');
    expect(waiting).toMatchObject({ slaState: 'paused', slaDueAt: null });
  });

  it("takes a contract put on the customer over the default, and an area's default contract only when nothing else applies", async () => {
    const gold = await contract(t, 'Gold', 60);
    const areaDefault = await contract(t, 'Area default', 120);
    const vip = await customer(t, 'VIP a.s.', book);
    await ok(t, t.adminToken, 'post', '/api/sla/assignments', { nodeId: vip.id, contractId: gold.id });
    const line = await area(t, { code: 'line', defaultSlaContractId: areaDefault.id });
    const lineAgent = await staff(t, 'line@test.local', [
      ['administrator', line.id],
      ['administrator', book],
    ]);

    const onVip = await fileTicket(t, lineAgent.token, { subject: 'VIP', customerId: vip.id, areaId: line.id });
    expect((await ok(t, lineAgent.token, 'get', `/api/tickets/${onVip.id}/sla`)).contract).toMatchObject({
      id: gold.id,
      because: { source: 'assignment', nodeId: vip.id },
    });

    const onNovak = await fileTicket(t, lineAgent.token, { subject: 'Plain', customerId: novak.id, areaId: line.id });
    expect((await ok(t, lineAgent.token, 'get', `/api/tickets/${onNovak.id}/sla`)).contract).toMatchObject({
      id: areaDefault.id,
      because: { source: 'record' },
    });
  });

  it('sets another contract on the ticket by hand: recorded in history and the clocks follow it', async () => {
    const gold = await contract(t, 'Gold by hand', 15);
    const ticket = await fileTicket(t, agent.token, { subject: 'Moved to gold', customerId: novak.id });
    const moved = await ok(t, agent.token, 'patch', `/api/tickets/${ticket.id}`, {
      version: ticket.version,
      slaContractId: gold.id,
    });
    const sla = await ok(t, agent.token, 'get', `/api/tickets/${ticket.id}/sla`);
    expect(sla.contract).toMatchObject({ id: gold.id, because: { source: 'record' } });
    expect(new Date(moved.slaDueAt).getTime()).toBe(new Date(ticket.createdAt).getTime() + 15 * MINUTE);
    const unknown = await send(t, agent.token, 'patch', `/api/tickets/${ticket.id}`, {
      version: moved.version,
      slaContractId: '0190a000-0000-7000-8000-000000000000',
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.details[0]).toMatchObject({ field: 'slaContractId', code: 'UNKNOWN_SLA_CONTRACT' });
  });

  it("moves the stored deadline when the contract's targets change (the SLA plugin's recompute)", async () => {
    const quick = await contract(t, 'Recomputed', 600);
    const vip = await customer(t, 'Recompute a.s.', book);
    await ok(t, t.adminToken, 'post', '/api/sla/assignments', { nodeId: vip.id, contractId: quick.id });
    const ticket = await fileTicket(t, agent.token, { subject: 'Recompute me', customerId: vip.id });
    expect(new Date(ticket.slaDueAt).getTime()).toBe(new Date(ticket.createdAt).getTime() + 600 * MINUTE);
    const levels = await ok(t, t.adminToken, 'get', `/api/sla/levels?filter[contractId]=${quick.id}`);
    const normal = levels.items.find((l: { code: string }) => l.code === 'normal');
    const changed = await ok(t, t.adminToken, 'patch', `/api/sla/levels/${normal.id}`, {
      version: normal.version,
      firstResponseMinutes: 20,
    });
    for (let i = 0; i < 200; i++) {
      const job = await ok(t, t.adminToken, 'get', `/api/jobs/${changed.recomputeJobId}`);
      if (job.status === 'succeeded' || job.status === 'failed') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const after = await ok(t, agent.token, 'get', `/api/tickets/${ticket.id}`);
    expect(new Date(after.slaDueAt).getTime()).toBe(new Date(ticket.createdAt).getTime() + 20 * MINUTE);
  });

  it('explains the SLA only to those who see the ticket', async () => {
    const ticket = await fileTicket(t, agent.token, { subject: 'Hidden SLA', customerId: novak.id });
    const stranger = await staff(t, 'stranger@test.local', [['administrator', book]]);
    expect((await send(t, stranger.token, 'get', `/api/tickets/${ticket.id}/sla`)).status).toBe(404);
  });
});
