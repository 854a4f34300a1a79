import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createReadStream } from 'node:fs';
import { DataSource, type EntityManager } from 'typeorm';

/** About a megabyte a row: large files go in without one huge parameter, and come back as a stream. */
const PART_BYTES = 1 << 20;

/**
 * Files uploaded for work a queued job does (an import), kept in the database from before the API
 * answers until the job is done: whichever server process runs the job — again after a crash —
 * reads the file from here.
 */
@Injectable()
export class StoredUploads {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Stores the file at `path` as `id`, in the caller's transaction (the one that queues the job). */
  async store(m: EntityManager, id: string, path: string) {
    let part = 0;
    for await (const chunk of createReadStream(path, { highWaterMark: PART_BYTES }) as AsyncIterable<Buffer>)
      await m.query(`INSERT INTO stored_uploads (id, part, content) VALUES ($1, $2, $3)`, [id, part++, chunk]);
  }

  /** The stored file, part after part (nothing when it is gone). */
  async *read(id: string): AsyncGenerator<Buffer> {
    for (let part = 0; ; part++) {
      const [row] = await this.db.query(`SELECT content FROM stored_uploads WHERE id = $1 AND part = $2`, [id, part]);
      if (!row) return;
      yield row.content;
    }
  }

  async forget(id: string) {
    await this.db.query(`DELETE FROM stored_uploads WHERE id = $1`, [id]);
  }
}
