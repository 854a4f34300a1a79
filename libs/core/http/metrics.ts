import { Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Pool } from 'pg';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { DataSource } from 'typeorm';

interface FastifyLike {
  addHook(name: 'onResponse', hook: (request: RoutedRequest, reply: { statusCode: number; elapsedTime: number }, done: () => void) => void): void;
}

interface RoutedRequest {
  method: string;
  routeOptions?: { url?: string };
}

/**
 * The server's Prometheus metrics, one registry per application (several run in one test
 * process): requests and their latency per route pattern, method and status class, the
 * database pool and the process's own figures.
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

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @InjectDataSource() db: DataSource,
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
    new Gauge({ name: 'clientele_db_pool_max', help: 'Most connections the pool opens', registers: [this.registry] }).set(pool.options.max ?? 10);
  }

  onModuleInit() {
    // Counted when the answer has gone out, under the route's pattern (`/api/customers/:id`) so
    // the label set stays bounded; a path no route matches counts as `unmatched`.
    (this.adapterHost.httpAdapter.getInstance() as FastifyLike).addHook('onResponse', (request, reply, done) => {
      const labels = { method: request.method, route: request.routeOptions?.url ?? 'unmatched', status: `${Math.floor(reply.statusCode / 100)}xx` };
      this.requests.inc(labels);
      this.latency.observe(labels, reply.elapsedTime / 1000);
      done();
    });
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
