import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import PgBoss from 'pg-boss';
import { DataSource, EntityManager } from 'typeorm';
import type { RequestContext } from '../auth/request-context.js';
import { newId } from '../database/ids.js';
import { preparedQuery } from '../access/prepared.js';
import { notFound } from '../errors/app-error.js';
import type { QueueDefinition } from '../plugin/plugin.types.js';
import { BossExecutor, transactionExecutor } from './boss-executor.js';

export const QUEUE_DEFINITIONS = Symbol('clientele:queue-definitions');

export interface EnqueueOptions {
  /** Writes the job in this transaction: it exists only if the transaction commits. */
  manager?: EntityManager;
  /** Higher runs first; default 0. */
  priority?: number;
  /** Idempotency key: the same key on the same queue gives the same job, queued once. */
  key?: string;
  /** Not before this moment (or this many seconds from now). */
  startAfter?: Date | number;
  /**
   * The user the job works for: it runs with their rights (`job.ctx()`), and its status and
   * progress are shown to them (and master admins) at `GET /api/jobs/:id`.
   */
  ctx?: RequestContext;
}

/** What a job's data looks like in pg-boss: the caller's data and who asked. */
export interface QueuedData<T = unknown> {
  input: T;
  actorId: string | null;
  tracked: boolean;
}

export interface JobStatus {
  id: string;
  type: string;
  status: 'queued' | 'running' | 'succeeded' | 'failed';
  progress: number;
  total: number | null;
  result: unknown;
  error: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface QueueStats {
  queue: string;
  queued: number;
  running: number;
  failed: number;
  /** Seconds the oldest job that could run has been waiting; 0 when none waits. */
  oldestWaitingSeconds: number;
}

/** A queue is behind when a job that could run has waited longer than this. */
const BEHIND_AFTER_SECONDS = Number(process.env.CLIENTELE_QUEUE_BEHIND_SECONDS ?? 60);
/** How long a finished job (and so its idempotency key) stays in the queue's table before pg-boss archives it. */
const KEEP_FINISHED_SECONDS = 24 * 60 * 60;

/** A stable job id for an idempotency key: a second enqueue with the key meets the first job's row. */
export function keyedJobId(queue: string, key: string): string {
  const h = createHash('sha256').update(`${queue}\u0000${key}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${((parseInt(h[16], 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * Durable background work on PostgreSQL through pg-boss: enqueue in the caller's transaction,
 * priorities, retries with back-off, a failed state with the last error. pg-boss shares the
 * server's connection pool and keeps its tables in the `pgboss` schema, which it creates and
 * upgrades itself when the server starts (its `migrate`), under its own advisory lock.
 */
@Injectable()
export class JobQueue implements OnModuleInit {
  private readonly logger = new Logger('Jobs');
  readonly boss: PgBoss;
  private readonly poolExecutor: BossExecutor;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(QUEUE_DEFINITIONS) readonly definitions: QueueDefinition[],
  ) {
    const pool = (
      db.driver as unknown as { master: { query(text: string, values?: unknown[]): Promise<{ rows: any[] }> } }
    ).master;
    // pg-boss's statements with parameters (send, fetch, complete) are few and fixed: named, so
    // each pooled connection plans them once. Those without (its migrations) run as they are.
    this.poolExecutor = {
      executeSql: async (text, values) => (values ? { rows: await preparedQuery(db, text, values) } : pool.query(text)),
    };
    this.boss = new PgBoss({
      db: this.poolExecutor,
      schedule: false,
      // Expired active jobs (their process died) go back to retry; the sweep runs once across all processes.
      maintenanceIntervalSeconds: Number(process.env.CLIENTELE_JOB_MAINTENANCE_SECONDS ?? 30),
      archiveCompletedAfterSeconds: KEEP_FINISHED_SECONDS,
      archiveFailedAfterSeconds: 7 * KEEP_FINISHED_SECONDS,
    } as PgBoss.ConstructorOptions);
    this.boss.on('error', (error: Error) => this.logger.error(`queue: ${error.message}`));
  }

  async onModuleInit() {
    // Server processes starting together on a new database would each create pg-boss's schema and
    // each queue's table (a partition of one parent: created side by side, they deadlock); a
    // session lock held beside pg-boss's own connections lets one create them and the rest find them.
    const runner = this.db.createQueryRunner();
    await runner.connect();
    try {
      await runner.query(`SELECT pg_advisory_lock(hashtext('clientele:job-queue-start'))`);
      await this.boss.start();
      for (const definition of this.definitions) {
        const options = {
          retryLimit: definition.retryLimit ?? 3,
          retryDelay: definition.retryDelay ?? 5,
          retryBackoff: true,
          expireInSeconds: definition.expireIn ?? 15 * 60,
        };
        await this.boss.createQueue(definition.name, options as PgBoss.Queue);
        await this.boss.updateQueue(definition.name, options as PgBoss.Queue);
      }
    } finally {
      await runner.query(`SELECT pg_advisory_unlock(hashtext('clientele:job-queue-start'))`).catch(() => undefined);
      await runner.release();
    }
  }

  definition(name: string): QueueDefinition {
    const found = this.definitions.find((d) => d.name === name);
    if (!found) throw new Error(`No queue "${name}" is declared in a manifest`);
    return found;
  }

  /** Queues a job; returns its id (with `key`, the id of the job the key already queued). */
  async enqueue<T>(name: string, data: T, options: EnqueueOptions = {}): Promise<string> {
    this.definition(name);
    const id = options.key ? keyedJobId(name, options.key) : newId();
    const queued: QueuedData<T> = { input: data, actorId: options.ctx?.userId || null, tracked: !!options.ctx };
    const write = async (executor: BossExecutor) => {
      if (options.ctx) {
        await executor.executeSql(
          `INSERT INTO jobs (id, type, status, created_by) VALUES ($1, $2, 'queued', $3) ON CONFLICT (id) DO NOTHING`,
          [id, name, options.ctx.userId || null],
        );
      }
      // pg-boss checks every option present, so those not given are left out rather than undefined.
      const send: Record<string, unknown> = { id, db: executor };
      if (options.priority !== undefined) send.priority = options.priority;
      if (options.key !== undefined) send.singletonKey = options.key;
      if (options.startAfter !== undefined) send.startAfter = options.startAfter;
      await this.boss.send(name, queued as object, send as PgBoss.SendOptions);
    };
    if (options.manager) await write(transactionExecutor(options.manager));
    else if (options.ctx) await this.db.transaction((m) => write(transactionExecutor(m)));
    else await write(this.poolExecutor);
    return id;
  }

  /**
   * Queues many jobs of one queue in one statement (bulk work: a job per record of a batch);
   * returns their ids. `keyOf` gives each job its idempotency key; no user or start time per
   * job: use `enqueue` for those.
   */
  async enqueueMany<T>(
    name: string,
    items: T[],
    options: Pick<EnqueueOptions, 'manager' | 'priority'> & { keyOf?: (item: T) => string } = {},
  ): Promise<string[]> {
    this.definition(name);
    if (!items.length) return [];
    const jobs = items.map((input) => ({
      id: options.keyOf ? keyedJobId(name, options.keyOf(input)) : newId(),
      name,
      data: { input, actorId: null, tracked: false } satisfies QueuedData<T>,
      priority: options.priority ?? 0,
    }));
    const db = options.manager ? transactionExecutor(options.manager) : this.poolExecutor;
    await this.boss.insert(jobs as PgBoss.JobInsert[], { db } as any);
    return jobs.map((j) => j.id);
  }

  /**
   * Completes or fails jobs (pg-boss decides between a retry and failed for good), in the
   * transaction of `manager` when given.
   */
  async settle(
    outcome: 'complete' | 'fail',
    name: string,
    ids: string[],
    data: object | null,
    manager?: EntityManager,
  ) {
    const db = manager ? transactionExecutor(manager) : this.poolExecutor;
    // pg-boss's typings leave out the data argument its functions take before the options.
    await (this.boss[outcome] as (...args: unknown[]) => Promise<unknown>)(name, ids, data, { db });
  }

  /** Status of a job started for a user; others' jobs answer 404 like missing ones (master admins see all). */
  async get(id: string, ctx: RequestContext): Promise<JobStatus> {
    const [row] = await this.db.query(
      `SELECT id, type, status, progress::float8 AS progress, total::float8 AS total, result, error, created_at, updated_at, created_by FROM jobs WHERE id = $1`,
      [id],
    );
    if (!row || (!ctx.isMasterAdmin && row.created_by !== ctx.userId)) throw notFound('Job');
    return {
      id: row.id,
      type: row.type,
      status: row.status,
      progress: row.progress,
      total: row.total,
      result: row.result,
      error: row.error,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  }

  /** Depth, age and failures per declared queue (for metrics and health). */
  async stats(): Promise<QueueStats[]> {
    const rows = await this.db.query(
      `SELECT q.name AS queue,
              count(j.id) FILTER (WHERE j.state IN ('created', 'retry'))::int AS queued,
              count(j.id) FILTER (WHERE j.state = 'active')::int AS running,
              count(j.id) FILTER (WHERE j.state = 'failed')::int AS failed,
              COALESCE(EXTRACT(epoch FROM now() - min(j.start_after) FILTER (WHERE j.state IN ('created', 'retry') AND j.start_after <= now())), 0)::float8 AS oldest
         FROM pgboss.queue q
         LEFT JOIN pgboss.job j ON j.name = q.name AND j.state <> 'completed'
        WHERE q.name = ANY ($1)
        GROUP BY q.name ORDER BY q.name`,
      [this.definitions.map((d) => d.name)],
    );
    return rows.map((r: any) => ({
      queue: r.queue,
      queued: r.queued,
      running: r.running,
      failed: r.failed,
      oldestWaitingSeconds: Math.round(r.oldest * 10) / 10,
    }));
  }

  /** Whether every queue keeps up: no job that could run has waited longer than a minute. */
  async keepingUp(): Promise<{ keepingUp: boolean; behind: string[] }> {
    const behind = (await this.stats())
      .filter((s) => s.oldestWaitingSeconds > BEHIND_AFTER_SECONDS)
      .map((s) => s.queue);
    return { keepingUp: behind.length === 0, behind };
  }

  /** Jobs of a queue that failed for good, newest first, with the last error. */
  async failed(
    name: string,
    limit = 100,
  ): Promise<{ id: string; data: unknown; error: string | null; failedAt: Date; attempts: number }[]> {
    const rows = await this.db.query(
      `SELECT id, data->'input' AS data, COALESCE(output->>'message', output->'value'->>'message', output::text) AS error, completed_on, retry_count
         FROM pgboss.job WHERE name = $1 AND state = 'failed' ORDER BY completed_on DESC LIMIT $2`,
      [name, limit],
    );
    return rows.map((r: any) => ({
      id: r.id,
      data: r.data,
      error: r.error,
      failedAt: r.completed_on,
      attempts: r.retry_count + 1,
    }));
  }

  /** The pg-boss state of a job (`created`, `retry`, `active`, `completed`, `cancelled`, `failed`), or null. */
  async state(name: string, id: string): Promise<{ state: string; retryCount: number; output: any } | null> {
    const [row] = await this.db.query(
      `SELECT state, retry_count, output FROM pgboss.job WHERE name = $1 AND id = $2
       UNION ALL SELECT state, retry_count, output FROM pgboss.archive WHERE name = $1 AND id = $2 LIMIT 1`,
      [name, id],
    );
    return row ? { state: row.state, retryCount: row.retry_count, output: row.output } : null;
  }
}
