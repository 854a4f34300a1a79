import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { newId } from '../database/ids.js';
import type { RequestContext } from '../auth/request-context.js';
import { notFound } from '../errors/app-error.js';

export interface JobProgress {
  /** Reports how far the work got; cheap to call often (writes at most twice a second). */
  report(done: number, total?: number): Promise<void>;
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

/**
 * Long work started from the API (imports, bulk changes): answers 202 with a job id at once,
 * runs in the background and keeps its progress in `jobs` for `GET /api/jobs/:id`.
 */
@Injectable()
export class BackgroundJobs {
  private readonly logger = new Logger('Jobs');
  private readonly running = new Set<Promise<unknown>>();

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async start(type: string, ctx: RequestContext, work: (progress: JobProgress) => Promise<unknown>): Promise<string> {
    const id = newId();
    await this.db.query(`INSERT INTO jobs (id, type, status, created_by) VALUES ($1, $2, 'running', $3)`, [id, type, ctx.userId || null]);
    let lastWrite = 0;
    const progress: JobProgress = {
      report: async (done, total) => {
        const now = Date.now();
        if (now - lastWrite < 500) return;
        lastWrite = now;
        await this.db.query(`UPDATE jobs SET progress = $2, total = COALESCE($3, total), updated_at = now() WHERE id = $1`, [id, done, total ?? null]);
      },
    };
    const run = (async () => {
      try {
        const result = await work(progress);
        await this.db.query(
          `UPDATE jobs SET status = 'succeeded', result = $2, progress = COALESCE(total, progress), updated_at = now() WHERE id = $1`,
          [id, JSON.stringify(result ?? null)],
        );
      } catch (error) {
        this.logger.error(`Job ${type} ${id} failed: ${(error as Error).message}`);
        await this.db.query(`UPDATE jobs SET status = 'failed', error = $2, updated_at = now() WHERE id = $1`, [id, (error as Error).message]).catch(() => {});
      }
    })();
    this.running.add(run);
    void run.finally(() => this.running.delete(run));
    return id;
  }

  async get(id: string, ctx: RequestContext): Promise<JobStatus> {
    const [row] = await this.db.query(
      `SELECT id, type, status, progress::float8 AS progress, total::float8 AS total, result, error, created_at, updated_at, created_by FROM jobs WHERE id = $1`,
      [id],
    );
    if (!row || (!ctx.isMasterAdmin && row.created_by !== ctx.userId)) throw notFound('Job');
    return {
      id: row.id, type: row.type, status: row.status, progress: row.progress, total: row.total,
      result: row.result, error: row.error, createdAt: row.created_at, updatedAt: row.updated_at,
    };
  }

  /** Waits for running jobs, e.g. before shutting down. */
  async drain() {
    await Promise.allSettled([...this.running]);
  }
}
