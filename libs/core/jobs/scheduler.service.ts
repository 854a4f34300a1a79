import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { SchedulerRegistry } from '@nestjs/schedule';
import { InjectDataSource } from '@nestjs/typeorm';
import { CronJob } from 'cron';
import { hostname } from 'node:os';
import { DataSource } from 'typeorm';
import type { ScheduledJobDefinition } from '../plugin/plugin.types.js';

/**
 * Runs the plugins' scheduled jobs. Every server process fires the same cron, but only the
 * one that claims the (job, slot) row in `scheduled_job_runs` does the work, so a job runs
 * once per slot however many processes are up.
 */
@Injectable()
export class SchedulerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Scheduler');
  private readonly runner = `${hostname()}:${process.pid}`;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly registry: SchedulerRegistry,
    private readonly moduleRef: ModuleRef,
    private readonly jobs: ScheduledJobDefinition[],
  ) {}

  onApplicationBootstrap() {
    if (process.env.CLIENTELE_SCHEDULER === 'off') return;
    for (const job of this.jobs) {
      const cron = CronJob.from({
        cronTime: job.cron,
        onTick: () => {
          const slot = cron.lastDate() ?? new Date();
          void this.runOnce(job, slot);
        },
        start: true,
      });
      this.registry.addCronJob(job.name, cron as any);
    }
  }

  onApplicationShutdown() {
    for (const job of this.jobs) {
      if (this.registry.doesExist('cron', job.name)) this.registry.deleteCronJob(job.name);
    }
  }

  /** Claims the slot and runs the job; returns false when another process already has it. */
  async runOnce(job: ScheduledJobDefinition, slot: Date): Promise<boolean> {
    const claimed = await this.db.query(
      `INSERT INTO scheduled_job_runs (job, slot, runner) VALUES ($1, date_trunc('second', $2::timestamptz), $3)
       ON CONFLICT DO NOTHING RETURNING job`,
      [job.name, slot, this.runner],
    );
    if (claimed.length === 0) return false;
    let error: string | null = null;
    try {
      const provider = this.moduleRef.get(job.provider, { strict: false });
      await provider[job.method]();
    } catch (e) {
      error = (e as Error).message;
      this.logger.error(`Job ${job.name} failed: ${error}`);
    }
    await this.db.query(
      `UPDATE scheduled_job_runs SET finished_at = now(), error = $3 WHERE job = $1 AND slot = date_trunc('second', $2::timestamptz)`,
      [job.name, slot, error],
    );
    return true;
  }

  /** Runs a job now (from the CLI or an admin), still only once for this moment. */
  async runNow(name: string) {
    const job = this.jobs.find((j) => j.name === name);
    if (!job) return false;
    return this.runOnce(job, new Date());
  }

  definitions() {
    return this.jobs;
  }
}
