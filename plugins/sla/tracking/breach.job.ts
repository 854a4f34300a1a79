import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { EventBus } from '@clientele/core';
import { SLA_READ } from '../constants.js';
import { SlaBreached, SlaWarning, type SlaThresholdReached } from './sla-events.js';

/** Marks fired per transaction: bounded transactions, and a second process's run takes the rest. */
const BATCH = 2_000;
/**
 * Transactions draining the due marks side by side, so a backlog (after downtime, or a calendar
 * change) is told in a fraction of the time; SKIP LOCKED keeps each mark in one of them only.
 */
const DRAINS = 4;

/**
 * Flags up to $1 due marks fired — the oldest first, through the partial index of unfired due
 * marks, skipping those another drain holds — and returns them with their clocks.
 */
export const fireDueMarksSql = `
  WITH due AS (
    SELECT record_type, record_id, kind, cycle, percent FROM sla_clock_marks
     WHERE fired_at IS NULL AND due_at <= now()
     ORDER BY due_at LIMIT $1 FOR UPDATE SKIP LOCKED),
  fired AS (
    UPDATE sla_clock_marks m SET fired_at = now() FROM due
     WHERE (m.record_type, m.record_id, m.kind, m.cycle, m.percent)
         = (due.record_type, due.record_id, due.kind, due.cycle, due.percent)
    RETURNING m.record_type, m.record_id, m.kind, m.cycle, m.percent, m.due_at)
  SELECT f.*, c.node_id, c.contract_id, c.level
    FROM fired f JOIN sla_clocks c USING (record_type, record_id, kind, cycle)`;

interface FiredMark {
  record_type: string;
  record_id: string;
  kind: SlaThresholdReached['clock'];
  cycle: number;
  percent: number;
  due_at: Date;
  node_id: string | null;
  contract_id: string;
  level: string;
}

/**
 * Every minute, once across server processes: the marks whose time has come — read through
 * their partial index, never by looping over records — are flagged fired and their events
 * published in the same transaction, so each clock's warning and breach is told exactly once.
 */
@Injectable()
export class BreachJob {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly events: EventBus,
  ) {}

  async run(): Promise<{ fired: number }> {
    const drained = await Promise.all(Array.from({ length: DRAINS }, () => this.drain()));
    return { fired: drained.reduce((sum, n) => sum + n, 0) };
  }

  private async drain() {
    let fired = 0;
    for (;;) {
      const count = await this.db.transaction(async (manager) => {
        const marks: FiredMark[] = await manager.query(fireDueMarksSql, [BATCH]);
        await this.events.publishMany(manager, marks.map(eventOf), null);
        return marks.length;
      });
      fired += count;
      if (count < BATCH) return fired;
    }
  }
}

/** The event a fired mark tells: the breach at 100%, a warning below. */
function eventOf(mark: FiredMark) {
  const payload: SlaThresholdReached = {
    recordType: mark.record_type,
    recordId: mark.record_id,
    clock: mark.kind,
    cycle: mark.cycle,
    percent: mark.percent,
    dueAt: new Date(mark.due_at).toISOString(),
    contractId: mark.contract_id,
    level: mark.level,
  };
  const Event = mark.percent === 100 ? SlaBreached : SlaWarning;
  return new Event(
    payload,
    { nodeId: mark.node_id, permission: SLA_READ },
    { type: mark.record_type, id: mark.record_id },
  );
}
