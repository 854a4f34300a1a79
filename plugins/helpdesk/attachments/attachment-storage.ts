import { Injectable } from '@nestjs/common';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import type { EntityManager } from 'typeorm';

/** Where attachment contents are kept; the metadata stays in `helpdesk_attachments` either way. */
export interface AttachmentStorage {
  readonly kind: 'database' | 'disk';
  put(manager: EntityManager, id: string, data: Buffer): Promise<void>;
  get(manager: EntityManager, id: string): Promise<Buffer | null>;
}

/** In this database, in the same transaction as the attachment's row (a rollback leaves nothing behind). */
@Injectable()
export class DatabaseAttachmentStorage implements AttachmentStorage {
  readonly kind = 'database' as const;

  async put(manager: EntityManager, id: string, data: Buffer) {
    await manager.query(`INSERT INTO helpdesk_attachment_blobs (id, data) VALUES ($1, $2)`, [id, data]);
  }

  async get(manager: EntityManager, id: string) {
    const [row] = await manager.query(`SELECT data FROM helpdesk_attachment_blobs WHERE id = $1`, [id]);
    return row ? (row.data as Buffer) : null;
  }
}

/**
 * Files in a folder, named by the attachment's id (never by the uploaded name, so no path can be
 * smuggled in), two levels of subfolders by the id's last characters.
 */
export class DiskAttachmentStorage implements AttachmentStorage {
  readonly kind = 'disk' as const;

  constructor(private readonly root: string) {}

  private path(id: string) {
    return join(this.root, id.slice(-2), id.slice(-4, -2), id);
  }

  async put(_manager: EntityManager, id: string, data: Buffer) {
    const path = this.path(id);
    await mkdir(join(path, '..'), { recursive: true });
    await writeFile(path, data, { flag: 'wx' });
  }

  async get(_manager: EntityManager, id: string) {
    try {
      return await readFile(this.path(id));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  /** Removes a file written for a transaction that then failed. */
  async discard(id: string) {
    await rm(this.path(id), { force: true });
  }
}

export const diskStorageAt = (folder: string, projectRoot: string) =>
  new DiskAttachmentStorage(isAbsolute(folder) ? folder : join(projectRoot, folder));
