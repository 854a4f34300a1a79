import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { JobProgress } from '@clientele/core';
import { RECOMPUTE_BATCH } from '../constants.js';
import type { RecomputeScope } from './recompute-requests.js';
import { SlaClocks } from './sla-clocks.service.js';

/**
 * Recomputes the clocks of every record with an open clock on the changed contract (or on a
 * contract counting in the changed calendar), a batch of records at a time: their histories
 * asked of their owner, the clocks computed in process, each batch stored in one transaction.
 * Reports progress as records done out of records found.
 */
@Injectable()
export class RecomputeJob {
  private readonly logger = new Logger('SLA');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clocks: SlaClocks,
  ) {}

  async run(scope: RecomputeScope, progress: JobProgress) {
    const [where, value] = await this.openClocksOf(scope);
    const [{ total }] = await this.db.query(
      `SELECT count(*)::int AS total FROM (SELECT DISTINCT record_type, record_id FROM sla_clocks c WHERE ${where} AND c.stopped_at IS NULL) r`,
      [value],
    );
    await progress.report(0, total);
    let after: [string, string] = ['', '00000000-0000-0000-0000-000000000000'];
    let done = 0;
    for (;;) {
      const page: { record_type: string; record_id: string }[] = await this.db.query(
        `SELECT DISTINCT record_type, record_id FROM sla_clocks c
          WHERE ${where} AND c.stopped_at IS NULL AND (c.record_type, c.record_id) > ($2, $3::uuid)
          ORDER BY record_type, record_id LIMIT $4`,
        [value, after[0], after[1], RECOMPUTE_BATCH],
      );
      if (!page.length) break;
      for (const [recordType, ids] of groupByType(page)) await this.recompute(recordType, ids);
      done += page.length;
      after = [page[page.length - 1].record_type, page[page.length - 1].record_id];
      await progress.report(done, Math.max(total, done));
    }
    return { records: done };
  }

  private async recompute(recordType: string, ids: string[]) {
    const owner = this.clocks.owner(recordType);
    if (!owner) {
      this.logger.warn(`No plugin keeps the histories of ${recordType} records; their clocks stay as they were`);
      return;
    }
    const histories = await owner.histories(ids);
    const gone = ids.filter((id) => !histories.some((h) => h.id === id));
    await this.db.transaction(async (manager) => {
      const computed = await this.clocks.track(manager, recordType, histories);
      await owner.clocksStored?.(manager, computed);
      if (gone.length) await this.clocks.forget(manager, recordType, gone);
    });
  }

  /** The condition on sla_clocks (alias c) that finds the clocks a change touches, and its parameter. */
  private async openClocksOf(scope: RecomputeScope): Promise<[string, unknown]> {
    if ('nodeId' in scope)
      return [`c.node_id IN (SELECT id FROM scope_nodes WHERE path @> ARRAY[$1::uuid])`, scope.nodeId];
    if ('contractId' in scope) return [`c.contract_id = ANY($1::uuid[])`, [scope.contractId]];
    const rows: { contract_id: string }[] = await this.db.query(
      `SELECT DISTINCT contract_id FROM sla_levels
        WHERE first_response_calendar_id = $1 OR next_response_calendar_id = $1 OR resolution_calendar_id = $1`,
      [scope.calendarId],
    );
    return [`c.contract_id = ANY($1::uuid[])`, rows.map((r) => r.contract_id)];
  }
}

function groupByType(rows: { record_type: string; record_id: string }[]) {
  const groups = new Map<string, string[]>();
  for (const r of rows)
    (groups.get(r.record_type) ?? groups.set(r.record_type, []).get(r.record_type)!).push(r.record_id);
  return groups;
}
