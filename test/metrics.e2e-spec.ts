import { DataSource } from 'typeorm';
import { EVENT_HANDLERS_QUEUE, JobQueue, newId } from '@clientele/core';
import { bearer, startTestApp, TestApp } from './setup/harness.js';

/** The value of one sample line of the Prometheus text, e.g. `name{a="b"} 3`. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    const match = /^([a-z_:]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const present = (match[2] ?? '').split(',');
    if (wanted.every((w) => present.includes(w))) return Number(match[3]);
  }
  return undefined;
}

describe('GET /metrics', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());
  afterEach(() => {
    delete process.env.METRICS_TOKEN;
  });

  const scrape = async () => {
    const res = await t.http().get('/metrics');
    expect(res.status).toBe(200);
    return res.text;
  };

  it('counts requests by route pattern, method and status class, with their latency', async () => {
    for (let i = 0; i < 3; i++) await t.http().get('/health').expect(200);
    await t.http().get(`/api/roles/${newId()}`).set(bearer(t.adminToken)).expect(404);
    await t.http().get(`/api/roles/${newId()}`).set(bearer(t.adminToken)).expect(404);
    await t.http().get('/no/such/path').expect(404);
    const text = await scrape();

    expect(
      sample(text, 'clientele_http_requests_total', { method: 'GET', route: '/health', status: '2xx' }),
    ).toBeGreaterThanOrEqual(3);
    expect(
      sample(text, 'clientele_http_requests_total', { method: 'GET', route: '/api/roles/:id', status: '4xx' }),
    ).toBe(2);
    expect(sample(text, 'clientele_http_requests_total', { method: 'GET', route: 'unmatched', status: '4xx' })).toBe(1);
    expect(
      sample(text, 'clientele_http_request_duration_seconds_count', {
        method: 'GET',
        route: '/api/roles/:id',
        status: '4xx',
      }),
    ).toBe(2);
    expect(
      sample(text, 'clientele_http_request_duration_seconds_bucket', { route: '/api/roles/:id', le: '+Inf' }),
    ).toBe(2);
    expect(sample(text, 'clientele_http_request_duration_seconds_sum', { route: '/api/roles/:id' })).toBeGreaterThan(0);
    // Ids never become labels: one series per pattern, however many records were asked for.
    expect(text).not.toMatch(/route="\/api\/roles\/[0-9a-f]{8}-/);
  });

  it('reports the database pool: open, idle and waiting connections, and its size', async () => {
    const text = await scrape();
    expect(sample(text, 'clientele_db_pool_connections', { state: 'total' })).toBeGreaterThan(0);
    expect(sample(text, 'clientele_db_pool_connections', { state: 'idle' })).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'clientele_db_pool_connections', { state: 'waiting' })).toBe(0);
    expect(sample(text, 'clientele_db_pool_max')).toBeGreaterThan(0);
    expect(sample(text, 'clientele_process_resident_memory_bytes')).toBeGreaterThan(0);
  });

  it('reports each queue: jobs waiting, running, waiting longest and failed; and the outbox as this process reads it', async () => {
    const queue = { queue: EVENT_HANDLERS_QUEUE };
    const before = await scrape();
    expect(sample(before, 'clientele_job_queue_depth', queue)).toBe(0);
    expect(sample(before, 'clientele_job_queue_running', queue)).toBe(0);
    expect(sample(before, 'clientele_job_queue_oldest_waiting_seconds', queue)).toBe(0);
    expect(sample(before, 'clientele_jobs_failed', queue)).toBe(0);
    expect(sample(before, 'clientele_outbox_unread_events')).toBe(0);
    expect(sample(before, 'clientele_outbox_seconds_since_read')).toBeGreaterThanOrEqual(0);

    // Due in an hour, so no worker takes it meanwhile.
    const id = await t.get(JobQueue).enqueue(EVENT_HANDLERS_QUEUE, { handler: 'none' }, { startAfter: 3600 });
    expect(sample(await scrape(), 'clientele_job_queue_depth', queue)).toBe(1);
    await t.get(DataSource).query(`UPDATE pgboss.job SET state = 'failed', completed_on = now() WHERE id = $1`, [id]);
    const after = await scrape();
    expect(sample(after, 'clientele_job_queue_depth', queue)).toBe(0);
    expect(sample(after, 'clientele_jobs_failed', queue)).toBe(1);
  });

  it('still serves the request and pool figures when the queues and the outbox cannot be read', async () => {
    const db = t.get(DataSource);
    await db.query('ALTER TABLE pgboss.job RENAME TO job_away; ALTER TABLE event_outbox RENAME TO event_outbox_away');
    try {
      const text = await scrape();
      expect(sample(text, 'clientele_job_queue_depth', { queue: EVENT_HANDLERS_QUEUE })).toBeUndefined();
      expect(sample(text, 'clientele_outbox_unread_events')).toBeNaN();
      expect(sample(text, 'clientele_db_pool_connections', { state: 'total' })).toBeGreaterThan(0);
      expect(
        sample(text, 'clientele_http_requests_total', { method: 'GET', route: '/metrics', status: '2xx' }),
      ).toBeGreaterThan(0);
    } finally {
      await db.query('ALTER TABLE pgboss.job_away RENAME TO job; ALTER TABLE event_outbox_away RENAME TO event_outbox');
    }
    expect(sample(await scrape(), 'clientele_job_queue_depth', { queue: EVENT_HANDLERS_QUEUE })).toBe(0);
  });

  it('is served in the Prometheus text format and never cached', async () => {
    const res = await t.http().get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.text).toContain('# TYPE clientele_http_requests_total counter');
  });

  it('refuses a request that came through a proxy, unless it carries the configured token', async () => {
    const proxied = await t.http().get('/metrics').set('X-Forwarded-For', '203.0.113.9');
    expect(proxied.status).toBe(403);
    expect(proxied.body.code).toBe('METRICS_FORBIDDEN');

    process.env.METRICS_TOKEN = 'scrape-secret-1';
    expect(
      (await t.http().get('/metrics').set('X-Forwarded-For', '203.0.113.9').set(bearer('scrape-secret-1'))).status,
    ).toBe(200);
    expect(
      (await t.http().get('/metrics').set('X-Forwarded-For', '203.0.113.9').set(bearer('scrape-secret-2'))).status,
    ).toBe(403);
    // A session token is not the metrics token.
    expect(
      (await t.http().get('/metrics').set('X-Forwarded-For', '203.0.113.9').set(bearer(t.adminToken))).status,
    ).toBe(403);
  });
});
