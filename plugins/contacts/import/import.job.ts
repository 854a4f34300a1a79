import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DataSource } from 'typeorm';
import { JobInfo, JobProgress, JobQueue, QueueDefinition, RequestContext, StoredUploads, newId } from '@clientele/core';
import { CustomerImportService } from './customer-import.service.js';

export const CUSTOMER_IMPORT_QUEUE = 'contacts.customer-import';
/** How many rejected rows the job result lists; the rest are counted. */
const REJECTS_IN_RESULT = 1000;
const RETRIES = 3;

interface ImportJobData {
  uploadId: string;
  addressBookId: string;
  fileName: string;
  batchSize?: number;
}

/**
 * A customer import from the API as a durable job. The upload is stored in the database (core's
 * `StoredUploads`) and the job queued in one transaction before the API answers; the job may run in any server process,
 * and run again after a crash: the import commits its progress with every batch, so a new run
 * continues after the last committed batch and imports every row exactly once.
 */
@Injectable()
export class CustomerImportJob {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly importer: CustomerImportService,
    private readonly queue: JobQueue,
    private readonly uploads: StoredUploads,
  ) {}

  /** Stores `file` and queues its import for `ctx`; returns the job id. */
  async start(file: string, ctx: RequestContext, addressBookId: string, batchSize?: number): Promise<string> {
    const data: ImportJobData = {
      uploadId: newId(),
      addressBookId,
      fileName: `upload ${new Date().toISOString()}`,
      batchSize,
    };
    return this.db.transaction(async (m) => {
      await this.uploads.store(m, data.uploadId, file);
      return this.queue.enqueue(CUSTOMER_IMPORT_QUEUE, data, { manager: m, ctx });
    });
  }

  async run(data: ImportJobData, progress: JobProgress, job: JobInfo) {
    const ctx = await job.ctx();
    const file = join(tmpdir(), `clientele-import-${data.uploadId}-${process.pid}.csv`);
    try {
      await pipeline(Readable.from(this.uploads.read(data.uploadId)), createWriteStream(file));
      const summary = await this.importer.importFile(file, ctx, {
        addressBookId: data.addressBookId,
        fileName: data.fileName,
        batchSize: data.batchSize,
        onProgress: (done, total) => progress.report(done, total),
      });
      const rejects = await this.importer.rejects(summary.importId, 0, REJECTS_IN_RESULT);
      await this.uploads.forget(data.uploadId);
      return { ...summary, rejects };
    } catch (error) {
      if (job.attempt > RETRIES) await this.uploads.forget(data.uploadId);
      throw error;
    } finally {
      await rm(file, { force: true });
    }
  }
}

export const customerImportQueue: QueueDefinition = {
  name: CUSTOMER_IMPORT_QUEUE,
  description: 'Customer imports started from the API',
  provider: CustomerImportJob,
  method: 'run',
  retryLimit: RETRIES,
  retryDelay: 10,
  // A large file takes a while; a crashed process is noticed by its heartbeat long before this.
  expireIn: 23 * 60 * 60,
  concurrency: 1,
};
