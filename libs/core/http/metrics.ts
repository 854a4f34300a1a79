import { Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Pool } from 'pg';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { DataSource } from 'typeorm';
import { OutboxFeed } from '../events/outbox-feed.js';
import { JobQueue } from '../jobs/job-queue.service.js';

interface FastifyLike {
  addHook(
    name: 'onResponse',
    hook: (request: RoutedRequest, reply: { statusCode: number; elapsedTime: number }, done: () => void) => void,
  ): void;
}

interface RoutedRequest {
  method: string;
  routeOptions?: { url?: string };
}

/**
 * The server's Prometheus metrics, one registry per application (several run in one test
 * process): requests and their latency per route pattern, method and status class, the
 * database pool, the job queues, the outbox as this process reads it, and the process's own
 * figures.
 */
@Injectable()
export class Metrics implements OnModuleInit {
  readonly registry = new Registry();
  private readonly requests = new Counter({
    name: 'clientele_http_requests_total',
    help: 'HTTP requests answered, by route pattern, method and status class',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });
  private readonly latency = new Histogram({
    name: 'clientele_http_request_duration_seconds',
    help: 'Time from receiving a request to sending its answer, by route pattern, method and status class',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  private readonly queue = {
    depth: this.gauge('clientele_job_queue_depth', 'Jobs waiting in a queue (queued or waiting to retry)', ['queue']),
    running: this.gauge('clientele_job_queue_running', 'Jobs of a queue running now, in any server process', ['queue']),
    oldest: this.gauge(
      'clientele_job_queue_oldest_waiting_seconds',
      'How long the oldest job that could run has waited',
      ['queue'],
    ),
    failed: this.gauge('clientele_jobs_failed', 'Jobs of a queue that failed for good (kept a week)', ['queue']),
  };
  private readonly outbox = {
    unread: this.gauge(
      'clientele_outbox_unread_events',
      'Committed events this process has not read from the outbox yet',
      [],
    ),
    sinceRead: this.gauge('clientele_outbox_seconds_since_read', 'Seconds since this process last read the outbox', []),
  };

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @InjectDataSource() db: DataSource,
    private readonly jobs: JobQueue,
    private readonly feed: OutboxFeed,
  ) {
    collectDefaultMetrics({ register: this.registry, prefix: 'clientele_' });
    const pool = (db.driver as unknown as { master: Pool }).master;
    const connections = new Gauge({
      name: 'clientele_db_pool_connections',
      help: 'Connections of the database pool: open (total), idle, and requests waiting for one',
      labelNames: ['state'] as const,
      registers: [this.registry],
      collect() {
        connections.set({ state: 'total' }, pool.totalCount);
        connections.set({ state: 'idle' }, pool.idleCount);
        connections.set({ state: 'waiting' }, pool.waitingCount);
      },
    });
    new Gauge({
      name: 'clientele_db_pool_max',
      help: 'Most connections the pool opens',
      registers: [this.registry],
    }).set(pool.options.max ?? 10);
  }

  onModuleInit() {
    // The command line (imports, migrations) runs the same modules without an HTTP server.
    if (!this.adapterHost.httpAdapter) return;
    // Counted when the answer has gone out, under the route's pattern (`/api/customers/:id`) so
    // the label set stays bounded; a path no route matches counts as `unmatched`.
    (this.adapterHost.httpAdapter.getInstance() as FastifyLike).addHook('onResponse', (request, reply, done) => {
      const labels = {
        method: request.method,
        route: request.routeOptions?.url ?? 'unmatched',
        status: `${Math.floor(reply.statusCode / 100)}xx`,
      };
      this.requests.inc(labels);
      this.latency.observe(labels, reply.elapsedTime / 1000);
      done();
    });
  }

  /**
   * The figures now; the queues and the outbox are read once per scrape. When the database does
   * not answer, the queues' series are left out and the outbox's are NaN (unknown), and the rest
   * is still served: an operator needs the request and pool figures most then.
   */
  async text(): Promise<string> {
    const [stats, lag] = await Promise.all([this.jobs.stats().catch(() => []), this.feed.lag().catch(() => null)]);
    for (const gauge of Object.values(this.queue)) gauge.reset();
    for (const s of stats) {
      this.queue.depth.set({ queue: s.queue }, s.queued);
      this.queue.running.set({ queue: s.queue }, s.running);
      this.queue.oldest.set({ queue: s.queue }, s.oldestWaitingSeconds);
      this.queue.failed.set({ queue: s.queue }, s.failed);
    }
    this.outbox.unread.set(lag?.unread ?? NaN);
    this.outbox.sinceRead.set(lag?.seconds ?? NaN);
    return this.registry.metrics();
  }

  private gauge(name: string, help: string, labelNames: string[]) {
    return new Gauge({ name, help, labelNames, registers: [this.registry] });
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
