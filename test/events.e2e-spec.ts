import http from 'node:http';
import { DataSource } from 'typeorm';
import {
  ClienteleEvent,
  EVENT_RETENTION,
  EventBus,
  JobWorkers,
  OutboxRetention,
  RequestContext,
  RetentionService,
} from '@clientele/core';
import { contactsBasics, createCustomer, grant } from '../plugins/contacts/test/helpers.js';
import { ErrandDone, ErrandsService } from './fixtures/errands-plugin/index.js';
import { bearer, startTestApp, TestApp } from './setup/harness.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function eventually<T>(probe: () => Promise<T>, ms = 15_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > until) throw new Error('timed out waiting');
    await sleep(100);
  }
}

interface Message {
  id: string;
  event: string;
  data: any;
  at: number;
}

const open = new Set<http.ClientRequest>();

/** A Server-Sent Events client that keeps every message it receives. */
function listen(base: string, token: string, lastEventId?: string) {
  const messages: Message[] = [];
  let status = 0;
  const headers: Record<string, string> = { Authorization: `Bearer ${token}` };
  if (lastEventId) headers['Last-Event-ID'] = lastEventId;
  let connected: () => void;
  const ready = new Promise<void>((r) => (connected = r));
  const request = http.get(`${base}/api/events`, { headers }, (res) => {
    status = res.statusCode ?? 0;
    res.setEncoding('utf8');
    let buffer = '';
    res.on('data', (chunk: string) => {
      buffer += chunk;
      if (buffer.includes(': connected')) connected();
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const field = (name: string) =>
          block
            .split('\n')
            .find((l) => l.startsWith(`${name}: `))
            ?.slice(name.length + 2);
        const data = field('data');
        if (data) messages.push({ id: field('id')!, event: field('event')!, data: JSON.parse(data), at: Date.now() });
      }
    });
    res.on('end', () => connected());
  });
  request.on('error', () => undefined);
  open.add(request);
  return {
    messages,
    ready,
    status: () => status,
    close: () => request.destroy(),
    types: () => messages.map((m) => `${m.event} ${m.data.record?.id ?? ''}`.trim()),
  };
}

describe('events after commit', () => {
  let t: TestApp;
  let db: DataSource;
  let base: string;
  let errands: ErrandsService;
  let books: { id: string; name: string }[];
  const system = RequestContext.system();
  const delivery = (label: string) =>
    db.query(`SELECT tries, handled, instance FROM errand_deliveries WHERE label = $1`, [label]);

  beforeAll(async () => {
    t = await startTestApp({ plugins: ['contacts', 'notes', './test/fixtures/errands-plugin'] });
    db = t.get(DataSource);
    errands = t.get(ErrandsService);
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as { port: number }).port}`;
    books = (await contactsBasics(t, ['Praha', 'Brno'])).addressBooks;
  });
  afterEach(() => {
    for (const request of open) request.destroy();
    open.clear();
  });
  afterAll(() => t?.close());

  it('runs handlers after the publishing transaction commits, and not at all when it rolls back', async () => {
    await expect(errands.finish('undone', system, { fail: true })).rejects.toThrow('rolled back on purpose');
    const envelope = await errands.finish('done', system);
    expect(envelope).toMatchObject({ type: 'errand.done', payload: { label: 'done' }, actorId: null });
    await eventually(async () => (await delivery('done'))[0]?.handled);
    await sleep(1000);
    expect(await delivery('undone')).toEqual([]);
    expect(await db.query(`SELECT type FROM event_outbox WHERE payload->>'label' = 'undone'`)).toEqual([]);
  });

  it('refuses to publish an event no enabled plugin declares in its manifest', async () => {
    class Undeclared extends ClienteleEvent<{ n: number }> {
      static readonly type = 'nobody.declares';
    }
    await expect(db.transaction((m) => t.get(EventBus).publish(m, new Undeclared({ n: 1 }), system))).rejects.toThrow(
      'The event nobody.declares is published but no enabled plugin declares it in events.emits',
    );
  });

  it('lets this process hear its own events the moment they commit, not those of a rolled-back savepoint', async () => {
    const heard: string[] = [];
    t.get(EventBus).on(ErrandDone, (envelope) => heard.push(envelope.payload.label));
    await errands.finish('at-once', system);
    expect(heard).toEqual(['at-once']);
    const bus = t.get(EventBus);
    await db.transaction(async (m) => {
      await m
        .transaction(async (inner) => {
          await bus.publish(inner, new ErrandDone({ label: 'savepoint-undone' }), system);
          throw new Error('undo the savepoint');
        })
        .catch(() => undefined);
      await bus.publish(m, new ErrandDone({ label: 'outer-kept' }), system);
      expect(heard).toEqual(['at-once']);
    });
    expect(heard).toEqual(['at-once', 'outer-kept']);
    await sleep(1500);
    expect(heard).toEqual(['at-once', 'outer-kept']);
  });

  it('publishes a batch of events in one go, each delivered to its handler', async () => {
    const labels = ['bulk-1', 'bulk-2', 'bulk-3'];
    const envelopes = await db.transaction((m) =>
      t.get(EventBus).publishMany(
        m,
        labels.map((label) => new ErrandDone({ label })),
        system,
      ),
    );
    expect(new Set(envelopes.map((e) => e.id)).size).toBe(3);
    for (const label of labels) await eventually(async () => (await delivery(label))[0]?.handled);
    const stored = await db.query(
      `SELECT payload->>'label' AS label FROM event_outbox WHERE id = ANY ($1) ORDER BY sequence`,
      [envelopes.map((e) => e.id)],
    );
    expect(stored.map((r: { label: string }) => r.label)).toEqual(labels);
  });

  it('retries a failing handler without undoing the write that published the event', async () => {
    await errands.finish('stubborn', system, { failHandlerTimes: 2 });
    const [row] = await eventually(async () => {
      const rows = await delivery('stubborn');
      return rows[0]?.handled && rows;
    }, 20_000);
    expect(row.tries).toBe(3);
    expect(await db.query(`SELECT label FROM errands_done WHERE label = 'stubborn'`)).toEqual([{ label: 'stubborn' }]);
  }, 30_000);

  it('delivers customer.created once the customer has its default consumer', async () => {
    const customer = await createCustomer(t, t.adminToken, { name: 'Nová Jana', addressBookId: books[0].id });
    const rows = await eventually(async () => {
      const found = await delivery(`customer ${customer.id} consumers 1`);
      return found.length && found;
    });
    expect(rows).toHaveLength(1);
  });

  it('streams the changes a user may see — no others — within a second of the commit', async () => {
    const clerk = await t.user('clerk@test.local');
    await grant(t, clerk.id, 'administrator', books[0].id);
    const seen = listen(base, clerk.token);
    const all = listen(base, t.adminToken);
    await Promise.all([seen.ready, all.ready]);
    expect(seen.status()).toBe(200);
    const started = Date.now();
    const praha = await createCustomer(t, t.adminToken, { name: 'Pražák Petr', addressBookId: books[0].id });
    const committedAt = Date.now();
    const brno = await createCustomer(t, t.adminToken, { name: 'Brňák Pavel', addressBookId: books[1].id });
    await eventually(async () => all.messages.some((m) => m.data.record?.id === brno.id));
    await eventually(async () => seen.messages.some((m) => m.data.record?.id === praha.id));
    await sleep(300);
    const first = seen.messages.find((m) => m.data.record?.id === praha.id)!;
    expect(first.at - committedAt).toBeLessThan(1000);
    expect(first.at).toBeGreaterThan(started);
    expect(first).toMatchObject({
      event: 'customer.created',
      data: {
        type: 'customer.created',
        payload: { id: praha.id, version: 1 },
        record: { type: 'customer', id: praha.id },
      },
    });
    expect(first.id).toBe(String(Number(first.id)));
    expect(seen.messages.some((m) => JSON.stringify(m.data).includes(brno.id))).toBe(false);
    expect(all.types()).toEqual(
      expect.arrayContaining([`customer.created ${praha.id}`, `customer.created ${brno.id}`]),
    );
    expect(all.messages.filter((m) => m.event === 'consumer.created')).toHaveLength(2);
    seen.close();
    all.close();
  });

  it('tells a reader that a customer they saw was deleted', async () => {
    const reader = await t.user('reader@test.local');
    await grant(t, reader.id, 'administrator', books[0].id);
    const customer = await createCustomer(t, t.adminToken, { name: 'Mizející Marek', addressBookId: books[0].id });
    const stream = listen(base, reader.token);
    await stream.ready;
    const deleted = await t
      .http()
      .delete(`/api/customers/${customer.id}`)
      .set(bearer(t.adminToken))
      .send({ version: customer.version });
    expect(deleted.status).toBe(204);
    await eventually(async () => stream.types().includes(`customer.deleted ${customer.id}`));
  });

  it('shows a private note only to its author', async () => {
    const customer = await createCustomer(t, t.adminToken, { name: 'Tajný Tomáš', addressBookId: books[0].id });
    const author = await t.user('author@test.local');
    const colleague = await t.user('colleague@test.local');
    await grant(t, author.id, 'administrator', books[0].id);
    await grant(t, colleague.id, 'administrator', books[0].id);
    const mine = listen(base, author.token);
    const theirs = listen(base, colleague.token);
    await Promise.all([mine.ready, theirs.ready]);
    const secret = await t
      .http()
      .post('/api/notes')
      .set(bearer(author.token))
      .send({ nodeId: customer.id, text: 'only mine', private: true });
    const open = await t
      .http()
      .post('/api/notes')
      .set(bearer(author.token))
      .send({ nodeId: customer.id, text: 'for all' });
    expect([secret.status, open.status]).toEqual([201, 201]);
    await eventually(async () => theirs.messages.some((m) => m.data.record?.id === open.body.id));
    await eventually(async () => mine.messages.some((m) => m.data.record?.id === open.body.id));
    expect(mine.types()).toEqual([`note.created ${secret.body.id}`, `note.created ${open.body.id}`]);
    expect(theirs.types()).toEqual([`note.created ${open.body.id}`]);
    mine.close();
    theirs.close();
  });

  it('resumes after Last-Event-ID with what was missed, in order', async () => {
    const first = listen(base, t.adminToken);
    await first.ready;
    const before = await createCustomer(t, t.adminToken, { name: 'Před Karel', addressBookId: books[0].id });
    await eventually(async () => first.messages.some((m) => m.data.record?.id === before.id));
    const last = first.messages[first.messages.length - 1].id;
    first.close();
    const missed = [];
    for (const name of ['Mezi Jan', 'Mezi Eva'])
      missed.push((await createCustomer(t, t.adminToken, { name, addressBookId: books[0].id })).id);
    const resumed = listen(base, t.adminToken, last);
    await eventually(async () => resumed.messages.filter((m) => m.event === 'customer.created').length === 2);
    expect(resumed.messages.filter((m) => m.event === 'customer.created').map((m) => m.data.record.id)).toEqual(missed);
    const ids = resumed.messages.map((m) => Number(m.id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(ids[0]).toBeGreaterThan(Number(last));
    resumed.close();
    const bad = await t.http().get('/api/events').set(bearer(t.adminToken)).set('Last-Event-ID', 'yesterday');
    expect(bad.status).toBe(400);
    expect((await t.http().get('/api/events')).status).toBe(401);
  });

  it('emits one event per committed import batch', async () => {
    const csv = [
      'number,name,legal_form,email,phone,country,tax_ids,iban,state,gps',
      'B-1,Dávka Jana,person,,,CZ,,,,',
      'B-2,Dávka Josef,person,,,CZ,,,,',
    ].join('\n');
    const started = await t
      .http()
      .post(`/api/customers/import?addressBookId=${books[1].id}`)
      .set(bearer(t.adminToken))
      .set('content-type', 'text/csv')
      .send(`${csv}\n`);
    expect(started.status).toBe(202);
    await eventually(
      async () =>
        (await t.http().get(`/api/jobs/${started.body.jobId}`).set(bearer(t.adminToken))).body.status === 'succeeded',
    );
    const events = await db.query(`SELECT payload, node_id FROM event_outbox WHERE type = 'customer.imported'`);
    expect(events).toEqual([
      {
        payload: expect.objectContaining({ batch: 1, imported: 2, addressBookIds: [books[1].id] }),
        node_id: books[1].id,
      },
    ]);
    const perRow = await db.query(
      `SELECT count(*)::int AS n FROM event_outbox WHERE record_id IN (SELECT id FROM contacts_customers WHERE number IN ('B-1', 'B-2'))`,
    );
    expect(perRow).toEqual([{ n: 0 }]);
  });

  it('purges customers past retention, and contacts drops their scope nodes after the purge commits', async () => {
    const customer = await createCustomer(t, t.adminToken, { name: 'Dávno Smazaný', addressBookId: books[0].id });
    const deleted = await t
      .http()
      .delete(`/api/customers/${customer.id}`)
      .set(bearer(t.adminToken))
      .send({ version: customer.version });
    expect(deleted.status).toBe(204);
    await db.query(`UPDATE contacts_customers SET deleted_at = now() - interval '20 years' WHERE id = $1`, [
      customer.id,
    ]);
    expect(await t.get(RetentionService).purge()).toMatchObject({ customer: 1 });
    const [purged] = await db.query(`SELECT payload, record_type FROM event_outbox WHERE type = 'customer.purged'`);
    expect(purged).toEqual({ payload: { ids: [customer.id] }, record_type: 'customer' });
    await eventually(
      async () => (await db.query(`SELECT id FROM scope_nodes WHERE id = $1`, [customer.id])).length === 0,
    );
  });

  it('forgets events past their retention, keeping the recent ones', async () => {
    for (const label of ['old-1', 'old-2', 'recent']) await errands.finish(label, system);
    const [{ n: before }] = await db.query(`SELECT count(*)::int AS n FROM event_outbox`);
    await db.query(
      `UPDATE event_outbox SET occurred_at = now() - $1::interval - interval '1 hour' WHERE sequence IN (SELECT sequence FROM event_outbox ORDER BY sequence LIMIT 2)`,
      [EVENT_RETENTION],
    );
    expect(await t.get(OutboxRetention).prune()).toBe(2);
    expect(await db.query(`SELECT count(*)::int AS n FROM event_outbox`)).toEqual([{ n: before - 2 }]);
  });

  it('tells a client resuming after events the outbox has forgotten to reload, instead of replaying a part', async () => {
    const [{ oldest, newest: kept }] = await db.query(
      `SELECT min(sequence)::text AS oldest, max(sequence)::text AS newest FROM event_outbox`,
    );
    const longGone = String(Number(oldest) - 2);
    const away = listen(base, t.adminToken, longGone);
    await away.ready;
    const after = await createCustomer(t, t.adminToken, { name: 'Po Návratu', addressBookId: books[0].id });
    await eventually(async () => away.messages.some((m) => m.data.record?.id === after.id));
    expect(away.messages[0]).toMatchObject({ event: 'reset', data: { type: 'reset' } });
    expect(away.messages.filter((m) => m.event === 'reset')).toHaveLength(1);
    // Nothing kept from before the client came back is replayed: it reloads what it shows instead.
    expect(away.messages.slice(1).every((m) => Number(m.id) > Number(kept))).toBe(true);

    const [{ newest }] = await db.query(`SELECT max(sequence)::text AS newest FROM event_outbox`);
    const recent = listen(base, t.adminToken, newest);
    await recent.ready;
    const next = await createCustomer(t, t.adminToken, { name: 'Hned Zpět', addressBookId: books[0].id });
    await eventually(async () => recent.messages.some((m) => m.data.record?.id === next.id));
    expect(recent.messages.some((m) => m.event === 'reset')).toBe(false);
  });

  it('reaches handlers and live clients of another server process', async () => {
    const other = await startTestApp(
      { plugins: ['contacts', 'notes', './test/fixtures/errands-plugin'] },
      { databaseUrl: t.databaseUrl },
    );
    try {
      await other.app.listen(0, '127.0.0.1');
      const otherBase = `http://127.0.0.1:${(other.app.getHttpServer().address() as { port: number }).port}`;
      const remote = listen(otherBase, t.adminToken);
      await remote.ready;
      // This process takes no jobs now: only the other one can run the handler.
      await t.get(JobWorkers).stop();
      await sleep(1500);
      const committedAt = Date.now();
      const envelope = await errands.finish('elsewhere', system);
      const [row] = await eventually(async () => {
        const rows = await delivery('elsewhere');
        return rows[0]?.handled && rows;
      });
      expect(row.instance).toBe(other.get(ErrandsService).instance);
      const heard = await eventually(async () => remote.messages.find((m) => m.data.id === envelope.id));
      expect(heard!.at - committedAt).toBeLessThan(1000);
      remote.close();
    } finally {
      await t.get(JobWorkers).start();
      await other.close();
    }
  }, 30_000);
});
