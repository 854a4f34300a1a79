import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import { hostname } from 'node:os';
import type PgBoss from 'pg-boss';
import { DataSource } from 'typeorm';
import type { RequestContext } from '../auth/request-context.js';
import type { QueueDefinition } from '../plugin/plugin.types.js';
import { actingAs } from './job-context.js';
import { JobQueue, QueuedData } from './job-queue.service.js';

export interface JobProgress {
  /** Reports how far the work got; cheap to call often (writes at most twice a second). */
  report(done: number, total?: number): Promise<void>;
}

/** What a queue's method gets besides the data: which job and attempt this is, and who asked. */
export interface JobInfo {
  id: string;
  queue: string;
  /** 1 on the first run, 2 on the first retry … */
  attempt: number;
  actorId: string | null;
  /** The user the job works for, with their current rights (the system when none). */
  ctx(): Promise<RequestContext>;
}

type BossJob = PgBoss.JobWithMetadata<QueuedData>;

/** A job as a queue's `batchMethod` gets it: its data and who it is. */
export interface BatchJob<T = unknown> {
  input: T;
  info: JobInfo;
}

/**
 * Runs the declared queues' jobs in this process (unless `CLIENTELE_WORKERS=off`): each worker
 * fetches up to `concurrency` jobs at once and runs them side by side. A job started for a user
 * keeps its status, progress and result in `jobs`; while it runs, this process renews its
 * heartbeat there, and every process hands back to the queue (retry, or failed with a reason)
 * the jobs whose process stopped renewing it.
 */
@Injectable()
export class JobWorkers implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Jobs');
  readonly runner = `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;
  private readonly workerIds = new Map<string, string>();
  private timers: NodeJS.Timeout[] = [];
  private running = 0;
  /** A job whose process stopped renewing its heartbeat for this long is run again (or failed) by another process. */
  private readonly staleSeconds = Number(process.env.CLIENTELE_JOB_STALE_SECONDS ?? 30);
  /** How often an idle worker asks for jobs. */
  private readonly pollSeconds = Number(process.env.CLIENTELE_JOB_POLL_SECONDS ?? 1);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly queue: JobQueue,
    private readonly moduleRef: ModuleRef,
  ) {}

  async onApplicationBootstrap() {
    if (process.env.CLIENTELE_WORKERS === 'off') return;
    await this.start();
  }

  /** Before, not during, the shutdown hooks: the database connection pool closes in those, and a worker still fetching would use it. */
  async beforeApplicationShutdown() {
    this.stopTimers();
    // Jobs still running after the grace period go back to the queue (pg-boss fails them for a retry).
    await this.queue.boss.stop({ graceful: true, wait: true, timeout: 5000, close: false }).catch(() => undefined);
  }

  /** Starts a worker for every declared queue, the heartbeat and the sweep for jobs of dead processes. */
  async start() {
    for (const definition of this.queue.definitions) {
      const batchSize = definition.concurrency ?? 5;
      const id = await this.queue.boss.work<QueuedData>(
        definition.name,
        { batchSize, includeMetadata: true, pollingIntervalSeconds: this.pollSeconds },
        async (jobs) => {
          await this.runBatch(definition, jobs as BossJob[]);
          // A full batch means more are probably waiting: fetch again without the polling pause.
          if (jobs.length === batchSize) this.queue.boss.notifyWorker(this.workerIds.get(definition.name)!);
        },
      );
      this.workerIds.set(definition.name, id);
    }
    const beat = (this.staleSeconds * 1000) / 3;
    this.timers.push(
      setInterval(
        () => void this.heartbeat().catch((e: Error) => this.logger.warn(`heartbeat: ${e.message}`)),
        beat,
      ).unref(),
      setInterval(() => void this.sweep().catch((e: Error) => this.logger.warn(`sweep: ${e.message}`)), beat).unref(),
    );
  }

  /** Stops taking new jobs in this process (running ones finish); the queue stays usable for enqueueing. */
  async stop() {
    this.stopTimers();
    for (const name of this.workerIds.keys()) await this.queue.boss.offWork(name);
    this.workerIds.clear();
  }

  private stopTimers() {
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
  }

  private async runBatch(definition: QueueDefinition, jobs: BossJob[]) {
    const provider = this.moduleRef.get(definition.provider, { strict: false });
    if (definition.batchMethod) return this.runTogether(provider, definition.batchMethod, jobs);
    await Promise.all(
      jobs.map(async (job) => {
        const { input, tracked } = job.data;
        this.running++;
        try {
          if (tracked) await this.markRunning(job);
          const result = await provider[definition.method](input, this.progress(job.id, tracked), this.info(job));
          // pg-boss completes the batch's other jobs still active when this returns, in one statement.
          if (tracked) await this.succeed(job, result);
        } catch (error) {
          await this.fail(job, error as Error);
        } finally {
          this.running--;
        }
      }),
    );
  }

  /** The queue's batch method runs the fetched jobs at once; each job then succeeds or fails on its own outcome. */
  private async runTogether(provider: Record<string, Function>, method: string, jobs: BossJob[]) {
    this.running += jobs.length;
    try {
      await Promise.all(jobs.filter((job) => job.data.tracked).map((job) => this.markRunning(job)));
      const outcomes: PromiseSettledResult<unknown>[] = await provider[method](
        jobs.map((job): BatchJob => ({ input: job.data.input, info: this.info(job) })),
      ).catch((error: unknown) => jobs.map(() => ({ status: 'rejected', reason: error })));
      await Promise.all(
        jobs.map(async (job, i) => {
          const outcome = outcomes[i];
          if (outcome?.status === 'rejected') await this.fail(job, outcome.reason as Error);
          else if (job.data.tracked) await this.succeed(job, outcome?.value);
        }),
      );
    } finally {
      this.running -= jobs.length;
    }
  }

  private info(job: BossJob): JobInfo {
    const { actorId } = job.data;
    return {
      id: job.id,
      queue: job.name,
      attempt: job.retryCount + 1,
      actorId,
      ctx: () => actingAs(this.db, actorId),
    };
  }

  private async markRunning(job: BossJob) {
    await this.db.query(
      `UPDATE jobs SET status = 'running', runner = $2, heartbeat_at = now(), attempts = $3, updated_at = now() WHERE id = $1`,
      [job.id, this.runner, job.retryCount + 1],
    );
  }

  private progress(id: string, tracked: boolean): JobProgress {
    let lastWrite = 0;
    return {
      report: async (done, total) => {
        const now = Date.now();
        if (!tracked || now - lastWrite < 500) return;
        lastWrite = now;
        await this.db.query(
          `UPDATE jobs SET progress = $2, total = COALESCE($3, total), heartbeat_at = now(), updated_at = now() WHERE id = $1`,
          [id, done, total ?? null],
        );
      },
    };
  }

  private async succeed(job: BossJob, result: unknown) {
    await this.db.transaction(async (m) => {
      await this.queue.settle('complete', job.name, [job.id], null, m);
      await m.query(
        `UPDATE jobs SET status = 'succeeded', result = $2, progress = COALESCE(total, progress), runner = NULL, error = NULL, updated_at = now() WHERE id = $1`,
        [job.id, JSON.stringify(result ?? null)],
      );
    });
  }

  /** Back to the queue for a retry (status `queued`) or failed for good, keeping the error either way. */
  private async fail(job: BossJob, error: Error) {
    this.logger.warn(`job ${job.name} ${job.id} (attempt ${job.retryCount + 1}) failed: ${error.message}`);
    await this.db.transaction(async (m) => {
      await this.queue.settle('fail', job.name, [job.id], { message: error.message }, m);
      if (job.data.tracked) await this.settleTracked(m, [job.id], error.message);
    });
  }

  /** After pg-boss decided (retry or failed), `jobs` says the same. */
  private async settleTracked(
    m: { query(sql: string, values: unknown[]): Promise<unknown> },
    ids: string[],
    reason: string,
  ) {
    await m.query(
      `UPDATE jobs j SET status = CASE WHEN b.state = 'failed' THEN 'failed' ELSE 'queued' END, error = $2, runner = NULL, updated_at = now()
         FROM pgboss.job b WHERE b.name = j.type AND b.id = j.id AND j.id = ANY ($1::uuid[])`,
      [ids, reason],
    );
  }

  private async heartbeat() {
    if (this.running === 0) return;
    await this.db.query(`UPDATE jobs SET heartbeat_at = now() WHERE runner = $1 AND status = 'running'`, [this.runner]);
  }

  /** Jobs whose process stopped renewing their heartbeat: failed in the queue, which retries them while retries last. */
  async sweep(): Promise<number> {
    return this.db.transaction(async (m) => {
      const stale: { id: string; type: string }[] = await m.query(
        `SELECT id, type FROM jobs WHERE status = 'running' AND heartbeat_at < now() - $1 * interval '1 second' FOR UPDATE SKIP LOCKED`,
        [this.staleSeconds],
      );
      const reason = 'The server process running it stopped';
      for (const queue of new Set(stale.map((s) => s.type))) {
        const ids = stale.filter((s) => s.type === queue).map((s) => s.id);
        await this.queue.settle('fail', queue, ids, { message: reason }, m);
      }
      if (stale.length) {
        await this.settleTracked(
          m,
          stale.map((s) => s.id),
          reason,
        );
        this.logger.warn(`${stale.length} job(s) of a stopped server process handed back to the queue`);
      }
      return stale.length;
    });
  }
}
