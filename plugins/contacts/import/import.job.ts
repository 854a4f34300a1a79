import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createReadStream, createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { DataSource } from 'typeorm';
import { JobInfo, JobProgress, JobQueue, QueueDefinition, RequestContext, newId } from '@clientele/core';
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
 * A customer import from the API as a durable job. The upload is stored in the database and the
 * job queued in one transaction before the API answers; the job may run in any server process,
 * and run again after a crash: the import commits its progress with every batch, so a new run
 * continues after the last committed batch and imports every row exactly once.
 */
@Injectable()
export class CustomerImportJob {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly importer: CustomerImportService,
    private readonly queue: JobQueue,
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
      let part = 0;
      for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
        await m.query(`INSERT INTO contacts_import_uploads (id, part, content) VALUES ($1, $2, $3)`, [
          data.uploadId,
          part++,
          chunk,
        ]);
      }
      return this.queue.enqueue(CUSTOMER_IMPORT_QUEUE, data, { manager: m, ctx });
    });
  }

  async run(data: ImportJobData, progress: JobProgress, job: JobInfo) {
    const ctx = await job.ctx();
    const file = join(tmpdir(), `clientele-import-${data.uploadId}-${process.pid}.csv`);
    try {
      await this.download(data.uploadId, file);
      const summary = await this.importer.importFile(file, ctx, {
        addressBookId: data.addressBookId,
        fileName: data.fileName,
        batchSize: data.batchSize,
        onProgress: (done, total) => progress.report(done, total),
      });
      const rejects = await this.importer.rejects(summary.importId, 0, REJECTS_IN_RESULT);
      await this.forget(data.uploadId);
      return { ...summary, rejects };
    } catch (error) {
      if (job.attempt > RETRIES) await this.forget(data.uploadId);
      throw error;
    } finally {
      await rm(file, { force: true });
    }
  }

  private async download(uploadId: string, file: string) {
    const out = createWriteStream(file);
    try {
      for (let part = 0; ; part++) {
        const [row] = await this.db.query(`SELECT content FROM contacts_import_uploads WHERE id = $1 AND part = $2`, [
          uploadId,
          part,
        ]);
        if (!row) break;
        if (!out.write(row.content)) await once(out, 'drain');
      }
    } finally {
      out.end();
      await once(out, 'close');
    }
  }

  private async forget(uploadId: string) {
    await this.db.query(`DELETE FROM contacts_import_uploads WHERE id = $1`, [uploadId]);
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
