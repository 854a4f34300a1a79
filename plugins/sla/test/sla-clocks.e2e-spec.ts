import { DataSource } from 'typeorm';
import { ScopeTreeService, newId } from '@clientele/core';
import { bearer, type TestApp } from '../../../test/setup/harness.js';
import { SlaClocks, type SlaEvent, type SlaRecordHistory } from '../index.js';
import { BreachJob } from '../tracking/breach.job.js';
import { TICKET_TYPE, TestTickets } from './fixtures/tickets/index.js';
import { finished, goldContract, startSlaApp } from './sla-test-kit.js';

const at = (iso: string) => new Date(iso);
// Monday 2 November 2026, 10:00 CET.
const CREATED: SlaEvent = { type: 'created', at: at('2026-11-02T09:00:00Z') };

describe('SLA clocks of records that carry them', () => {
  let t: TestApp;
  let db: DataSource;
  let gold: Awaited<ReturnType<typeof goldContract>>;
  let client: string;

  beforeAll(async () => {
    t = await startSlaApp();
    db = t.get(DataSource);
    gold = await goldContract(t, { name: 'Gold', isDefault: true });
    client = await node('client', 'ACME');
  });
  afterAll(async () => {
    await t.close();
  });

  async function node(kind: string, label: string, parentId?: string) {
    const id = newId();
    await t.get(ScopeTreeService).create(db.manager, { id, kind, label, parentId });
    return id;
  }

  /** A ticket under a client, kept by the stand-in helpdesk and tracked the way the helpdesk tracks its tickets. */
  async function ticket(events: SlaEvent[], parent = client): Promise<SlaRecordHistory> {
    const history = { id: newId(), nodeId: await node('ticket', 'Printer jam', parent), events };
    t.get(TestTickets).tickets.set(history.id, history);
    await db.transaction((m) => t.get(SlaClocks).track(m, TICKET_TYPE, [history]));
    return history;
  }

  const stored = (id: string) =>
    db.query(
      `SELECT kind, cycle, state, deadline, contract_id, level FROM sla_clocks WHERE record_id = $1 ORDER BY kind, cycle`,
      [id],
    );
  const explain = (id: string) => t.http().get(`/api/test-tickets/${id}/sla`).set(bearer(t.adminToken));

  it('explains the default contract and level of a ticket nothing else applies to, with its clocks and their calendar', async () => {
    const history = await ticket([CREATED, { type: 'staffReply', at: at('2026-11-02T09:20:00Z') }]);
    const res = await explain(history.id);
    expect(res.status).toBe(200);
    expect(res.body.contract).toEqual({ id: gold.contract.id, name: 'Gold', because: { source: 'default' } });
    expect(res.body.level).toEqual({ code: 'normal', name: 'Normal', source: 'default' });
    const first = res.body.clocks.find((c: { kind: string }) => c.kind === 'firstResponse');
    expect(first).toMatchObject({ state: 'met', usedMs: 20 * 60_000, deadline: '2026-11-02T14:00:00.000Z' });
    expect(first.calendar).toMatchObject({ id: gold.calendar.id, timeZone: 'Europe/Prague' });
  });

  it("applies the contract put on the ticket's client, and says where it was put", async () => {
    const { contract } = await goldContract(t, { name: 'Client contract' });
    const other = await node('client', 'Globex');
    const assigned = await t
      .http()
      .post('/api/sla/assignments')
      .set(bearer(t.adminToken))
      .send({ nodeId: other, contractId: contract.id });
    expect(assigned.status).toBe(201);
    expect(assigned.body).toMatchObject({ nodeId: other, contractName: 'Client contract' });
    const history = await ticket([CREATED], other);
    expect((await explain(history.id)).body.contract).toEqual({
      id: contract.id,
      name: 'Client contract',
      because: { source: 'assignment', nodeId: other, nodeKind: 'client', nodeLabel: 'Globex' },
    });
    expect((await stored(history.id))[0].contract_id).toBe(contract.id);
  });

  it("applies the contract of the customer's group, on the group's default level, when none is put on the ticket or above it", async () => {
    const { contract } = await goldContract(t, { name: 'Key accounts contract' });
    const initech = await node('client', 'Initech');
    const history: SlaRecordHistory = {
      id: newId(),
      nodeId: await node('ticket', 'Outage', initech),
      events: [CREATED],
      group: { name: 'Key accounts', contractId: contract.id, defaultLevel: 'critical' },
    };
    t.get(TestTickets).tickets.set(history.id, history);
    const body = (await explain(history.id)).body;
    expect(body.contract).toEqual({
      id: contract.id,
      name: 'Key accounts contract',
      because: { source: 'group', groupName: 'Key accounts' },
    });
    expect(body.level).toEqual({ code: 'critical', name: 'Critical', source: 'default' });
  });

  it("lets a contract set in the ticket's history win, with the level assessed in it", async () => {
    const { contract } = await goldContract(t, { name: 'Moved to' });
    const history = await ticket([
      CREATED,
      { type: 'contract', at: at('2026-11-02T09:05:00Z'), contractId: contract.id, level: 'critical' },
    ]);
    const body = (await explain(history.id)).body;
    expect(body.contract.because).toEqual({ source: 'record' });
    expect(body.level).toEqual({ code: 'critical', name: 'Critical', source: 'assessed' });
    expect(await stored(history.id)).toEqual([
      {
        kind: 'firstResponse',
        cycle: 1,
        state: 'breached',
        deadline: at('2026-11-02T09:30:00Z'),
        contract_id: contract.id,
        level: 'critical',
      },
      {
        kind: 'resolution',
        cycle: 1,
        state: 'breached',
        deadline: at('2026-11-02T13:00:00Z'),
        contract_id: contract.id,
        level: 'critical',
      },
    ]);
  });

  it('recomputes the stored deadlines of open tickets when their calendar changes, as a job that shows progress', async () => {
    const { calendar } = await goldContract(t, { name: 'Recomputed', isDefault: true });
    const tickets = await Promise.all([1, 2, 3].map(() => ticket([CREATED])));
    const closed = await ticket([
      CREATED,
      { type: 'state', at: at('2026-11-02T09:30:00Z'), state: 'solved', resolved: true },
    ]);
    const before = await stored(tickets[0].id);
    expect(before.find((c: { kind: string }) => c.kind === 'firstResponse').deadline).toEqual(
      at('2026-11-02T14:00:00Z'),
    );
    // No lunch break any more: 10:00 CET + 4 h is 14:00 CET.
    const day = [{ from: '08:00', to: '17:00' }];
    const res = await t
      .http()
      .patch(`/api/sla/calendars/${calendar.id}`)
      .set(bearer(t.adminToken))
      .send({ version: calendar.version, week: { mon: day, tue: day, wed: day, thu: day, fri: day } });
    expect(res.status).toBe(200);
    const job = await finished(t, res.body.recomputeJobId);
    expect(job).toMatchObject({ status: 'succeeded', progress: 3, total: 3, result: { records: 3 } });
    for (const { id } of tickets) {
      expect((await stored(id)).find((c: { kind: string }) => c.kind === 'firstResponse').deadline).toEqual(
        at('2026-11-02T13:00:00Z'),
      );
    }
    // The solved ticket's clocks stopped: its deadlines stay as they were met or breached.
    expect((await stored(closed.id)).find((c: { kind: string }) => c.kind === 'firstResponse').deadline).toEqual(
      at('2026-11-02T14:00:00Z'),
    );
    const renamed = await t
      .http()
      .patch(`/api/sla/calendars/${calendar.id}`)
      .set(bearer(t.adminToken))
      .send({ version: res.body.version, name: 'Renamed' });
    expect(renamed.body.recomputeJobId).toBeNull();
  });

  it('moves the open tickets below a record to the contract put on it, as a job, and back when it is taken off', async () => {
    const { contract } = await goldContract(t, { name: 'Moved by assignment' });
    const umbrella = await node('client', 'Umbrella');
    const history = await ticket([CREATED], umbrella);
    const put = await t
      .http()
      .post('/api/sla/assignments')
      .set(bearer(t.adminToken))
      .send({ nodeId: umbrella, contractId: contract.id });
    expect((await finished(t, put.body.recomputeJobId)).status).toBe('succeeded');
    expect((await stored(history.id)).map((c: { contract_id: string }) => c.contract_id)).toEqual([
      contract.id,
      contract.id,
    ]);
    const again = await t
      .http()
      .post('/api/sla/assignments')
      .set(bearer(t.adminToken))
      .send({ nodeId: umbrella, contractId: gold.contract.id });
    expect([again.status, again.body.code]).toEqual([409, 'ALREADY_ASSIGNED']);
    expect((await t.http().delete(`/api/sla/assignments/${put.body.id}`).set(bearer(t.adminToken))).status).toBe(204);
    expect((await t.http().get(`/api/sla/assignments/${put.body.id}/history`).set(bearer(t.adminToken))).status).toBe(
      404,
    );
    const [{ actions }] = await db.query(
      `SELECT array_agg(action ORDER BY id) AS actions FROM history WHERE entity_type = 'sla_assignment' AND node_id = $1`,
      [umbrella],
    );
    expect(actions).toEqual(['create', 'delete']);
  });

  it('lets a user put a contract only on the records where they hold sla.assign', async () => {
    const own = await node('client', 'Own client');
    const foreign = await node('client', 'Foreign client');
    const user = await t.user('assigner@test.local');
    const role = await t
      .http()
      .post('/api/roles')
      .set(bearer(t.adminToken))
      .send({ code: 'sla-assigner', name: 'Assigns SLA', permissions: ['sla.assign', 'sla.read'] });
    await t
      .http()
      .post('/api/grants')
      .set(bearer(t.adminToken))
      .send({ userId: user.id, roleId: role.body.id, nodeId: own });
    const assign = (nodeId: string) =>
      t.http().post('/api/sla/assignments').set(bearer(user.token)).send({ nodeId, contractId: gold.contract.id });
    const mine = await assign(own);
    expect(mine.status).toBe(201);
    expect((await assign(foreign)).status).toBe(404);
    // The list holds only what the user may see, and only they may change it where they hold sla.assign.
    const listed = await t.http().get('/api/sla/assignments').set(bearer(user.token));
    expect(listed.body.items.map((a: { nodeId: string }) => a.nodeId)).toEqual([own]);
    const changed = await t
      .http()
      .patch(`/api/sla/assignments/${mine.body.id}`)
      .set(bearer(user.token))
      .send({ version: 1, contractId: gold.contract.id });
    expect(changed.status).toBe(200);
  });

  it('recomputes the open tickets of a contract whose level targets change', async () => {
    const { contract } = await goldContract(t, { name: 'Retargeted' });
    const history = await ticket([
      CREATED,
      { type: 'contract', at: at('2026-11-02T09:00:00Z'), contractId: contract.id },
    ]);
    const normal = contract.levels.find((l: { code: string }) => l.code === 'normal');
    const res = await t
      .http()
      .patch(`/api/sla/levels/${normal.id}`)
      .set(bearer(t.adminToken))
      .send({ version: normal.version, firstResponseMinutes: 60 });
    expect((await finished(t, res.body.recomputeJobId)).status).toBe('succeeded');
    // 10:00 CET + 1 office hour.
    expect((await stored(history.id)).find((c: { kind: string }) => c.kind === 'firstResponse').deadline).toEqual(
      at('2026-11-02T10:00:00Z'),
    );
  });

  it('lists open clocks soonest due first, only on records the caller may read', async () => {
    const lister = await node('client', 'Listed');
    const soon = await ticket([{ type: 'created', at: new Date(Date.now() - 60_000) }], lister);
    const res = await t.http().get(`/api/sla/clocks?filter[recordId]=${soon.id}`).set(bearer(t.adminToken));
    expect(res.body.items.map((c: { kind: string }) => c.kind)).toEqual(['firstResponse', 'resolution']);
    const deadlines = res.body.items.map((c: { deadline: string }) => Date.parse(c.deadline));
    expect(deadlines[0]).toBeLessThan(deadlines[1]);
    const all = (await t.http().get('/api/sla/clocks?limit=500').set(bearer(t.adminToken))).body.items;
    const order = all.map((c: { deadline: string | null }) => (c.deadline ? Date.parse(c.deadline) : Infinity));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(all.every((c: { stoppedAt: string | null }) => c.stoppedAt === null)).toBe(true);
    const reader = await t.user('clock-reader@test.local');
    const role = await t
      .http()
      .post('/api/roles')
      .set(bearer(t.adminToken))
      .send({ code: 'sla-reader', name: 'Reads SLA', permissions: ['sla.read'] });
    await t
      .http()
      .post('/api/grants')
      .set(bearer(t.adminToken))
      .send({ userId: reader.id, roleId: role.body.id, nodeId: lister });
    const seen = (await t.http().get('/api/sla/clocks?limit=500').set(bearer(reader.token))).body.items;
    expect([...new Set(seen.map((c: { recordId: string }) => c.recordId))]).toEqual([soon.id]);
  });

  it('the breach job tells each warning and each breach once, however often it runs', async () => {
    await db.query(`UPDATE sla_clock_marks SET fired_at = now()`);
    const now = Date.now();
    const minutesAgo = (m: number) => new Date(now - m * 60_000);
    const { contract } = await goldContract(t, { name: 'Breaching' });
    // Critical: first response in 30 minutes, resolution in 240, around the clock; 28 minutes ago is past the 80% warning.
    const late = await ticket([
      { type: 'created', at: minutesAgo(28) },
      { type: 'contract', at: minutesAgo(28), contractId: contract.id, level: 'critical' },
    ]);
    const breached = await ticket([
      { type: 'created', at: minutesAgo(45) },
      { type: 'contract', at: minutesAgo(45), contractId: contract.id, level: 'critical' },
    ]);
    const first = await t.get(BreachJob).run();
    const again = await t.get(BreachJob).run();
    // The late ticket's warning; the ticket found breached owes its breach only, a warning now would be noise.
    expect(first.fired).toBe(2);
    expect(again.fired).toBe(0);
    const events = await db.query(
      `SELECT type, payload FROM event_outbox WHERE type LIKE 'sla.%' AND record_id = ANY($1::uuid[]) ORDER BY type, payload->>'recordId'`,
      [[late.id, breached.id]],
    );
    expect(
      events.map((e: { type: string; payload: { recordId: string; clock: string; percent: number } }) => [
        e.type,
        e.payload.recordId,
        e.payload.clock,
        e.payload.percent,
      ]),
    ).toEqual([
      ['sla.breached', breached.id, 'firstResponse', 100],
      ['sla.warning', late.id, 'firstResponse', 80],
    ]);
  });

  it('stores no deadline for a paused clock, so nothing falls due while the customer is awaited', async () => {
    const history = await ticket([
      CREATED,
      { type: 'staffReply', at: at('2026-11-02T09:10:00Z') },
      { type: 'state', at: at('2026-11-02T09:20:00Z'), state: 'waiting for customer' },
    ]);
    const resolution = (await stored(history.id)).find((c: { kind: string }) => c.kind === 'resolution');
    expect(resolution.state).toBe('paused');
    const [{ due }] = await db.query(
      `SELECT count(due_at)::int AS due FROM sla_clock_marks WHERE record_id = $1 AND kind = 'resolution'`,
      [history.id],
    );
    expect(due).toBe(0);
  });
});
