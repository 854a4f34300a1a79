import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { RequestContext } from '@clientele/core';
import { NotesService } from './notes.service.js';

/**
 * A note and an alert on the first record another plugin's demo data made (a customer, when
 * contacts is enabled), so a fresh installation shows both.
 */
@Injectable()
export class NotesDemoData {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly notes: NotesService,
  ) {}

  async seed() {
    const [record] = await this.db.query(
      `SELECT id FROM scope_nodes WHERE kind NOT IN ('system', 'address_book') AND disabled_at IS NULL ORDER BY created_at, id LIMIT 1`,
    );
    if (!record) return;
    const ctx = RequestContext.system();
    await this.notes.create(ctx, {
      nodeId: record.id,
      text: '<p>Prefers <strong>e-mail</strong> over phone calls.</p>',
    });
    await this.notes.create(ctx, {
      nodeId: record.id,
      text: 'Invoice 2026/114 disputed: call the accountant before any reminder.',
      alert: true,
    });
  }
}
