import type { EntityManager } from 'typeorm';
import type { TicketClocks } from '../clocks/clock-types.js';

/** A record's clocks as computed, ready to store. */
export interface ComputedRecord {
  id: string;
  nodeId: string | null;
  /** Null: no contract applies, the record keeps no clocks. */
  clocks: TicketClocks | null;
}

const BREACH = 100;

/**
 * Writes the clocks of many records of one kind with a handful of statements (arrays unnested
 * in SQL): the clocks upserted, clocks the level no longer measures removed, and the marks
 * the breach job watches set again. A mark already fired stays fired — a warning or breach is
 * told once, even if a later change moves the deadline.
 */
export async function storeClocks(manager: EntityManager, recordType: string, records: ComputedRecord[]) {
  const ids = records.map((r) => r.id);
  const c = {
    id: [] as string[],
    node: [] as (string | null)[],
    kind: [] as string[],
    cycle: [] as number[],
    contract: [] as string[],
    level: [] as string[],
    state: [] as string[],
    started: [] as Date[],
    stopped: [] as (Date | null)[],
    deadline: [] as (Date | null)[],
  };
  const m = {
    id: [] as string[],
    kind: [] as string[],
    cycle: [] as number[],
    percent: [] as number[],
    due: [] as (Date | null)[],
  };
  for (const r of records) {
    for (const clock of r.clocks?.clocks ?? []) {
      c.id.push(r.id);
      c.node.push(r.nodeId);
      c.kind.push(clock.kind);
      c.cycle.push(clock.cycle);
      c.contract.push(r.clocks!.contractId);
      c.level.push(r.clocks!.level);
      c.state.push(clock.state);
      c.started.push(clock.startedAt);
      c.stopped.push(clock.stoppedAt);
      c.deadline.push(clock.deadline);
      const marks = [
        ...clock.warnings.map((w) => ({ percent: w.percent, at: w.at })),
        { percent: BREACH, at: clock.deadline },
      ];
      for (const mark of marks) {
        // Only a running clock heads for its marks; a breached one owes its breach. Marks not due
        // are not written: the fired ones stay, the rest would only be rows to rewrite next time.
        const due =
          clock.state === 'running' || (clock.state === 'breached' && mark.percent === BREACH) ? mark.at : null;
        if (due === null) continue;
        m.id.push(r.id);
        m.kind.push(clock.kind);
        m.cycle.push(clock.cycle);
        m.percent.push(mark.percent);
        m.due.push(due);
      }
    }
  }
  await manager.query(
    `INSERT INTO sla_clocks (record_type, record_id, node_id, kind, cycle, contract_id, level, state, started_at, stopped_at, deadline, computed_at)
     SELECT $1, *, now()
       FROM unnest($2::uuid[], $3::uuid[], $4::text[], $5::int[], $6::uuid[], $7::text[], $8::text[], $9::timestamptz[], $10::timestamptz[], $11::timestamptz[])
     ON CONFLICT (record_type, record_id, kind, cycle) DO UPDATE SET
       node_id = EXCLUDED.node_id, contract_id = EXCLUDED.contract_id, level = EXCLUDED.level, state = EXCLUDED.state,
       started_at = EXCLUDED.started_at, stopped_at = EXCLUDED.stopped_at, deadline = EXCLUDED.deadline, computed_at = EXCLUDED.computed_at
     -- A clock the change did not move keeps its row as it is (no new row version to write and vacuum).
     WHERE (sla_clocks.node_id, sla_clocks.contract_id, sla_clocks.level, sla_clocks.state, sla_clocks.started_at,
            sla_clocks.stopped_at, sla_clocks.deadline)
           IS DISTINCT FROM (EXCLUDED.node_id, EXCLUDED.contract_id, EXCLUDED.level, EXCLUDED.state, EXCLUDED.started_at,
            EXCLUDED.stopped_at, EXCLUDED.deadline)`,
    [recordType, c.id, c.node, c.kind, c.cycle, c.contract, c.level, c.state, c.started, c.stopped, c.deadline],
  );
  await manager.query(
    `DELETE FROM sla_clocks s WHERE s.record_type = $1 AND s.record_id = ANY($2::uuid[])
        AND NOT EXISTS (SELECT 1 FROM unnest($3::uuid[], $4::text[], $5::int[]) AS k(id, kind, cycle)
                         WHERE k.id = s.record_id AND k.kind = s.kind AND k.cycle = s.cycle)`,
    [recordType, ids, c.id, c.kind, c.cycle],
  );
  await manager.query(
    `DELETE FROM sla_clock_marks WHERE record_type = $1 AND record_id = ANY($2::uuid[]) AND fired_at IS NULL`,
    [recordType, ids],
  );
  await manager.query(
    `INSERT INTO sla_clock_marks (record_type, record_id, kind, cycle, percent, due_at)
     SELECT $1, * FROM unnest($2::uuid[], $3::text[], $4::int[], $5::smallint[], $6::timestamptz[])
     ON CONFLICT DO NOTHING`,
    [recordType, m.id, m.kind, m.cycle, m.percent, m.due],
  );
}
