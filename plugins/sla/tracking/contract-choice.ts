import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { SlaEvent } from '../clocks/clock-types.js';
import type { SlaRecordHistory } from './clock-owner.js';

/**
 * Why a contract applies to a record: set on the record itself (its history moved it there),
 * put on the record's node or one above it (the customer's own, its address book's …), the
 * contract of the customer's group, or the default contract.
 */
export type ContractReason =
  | { source: 'record' }
  | { source: 'assignment'; nodeId: string; nodeKind: string; nodeLabel: string }
  | { source: 'group'; groupName: string }
  | { source: 'default' };

export interface ContractChoice {
  contractId: string;
  reason: ContractReason;
  /** The level to use until one is assessed, when the choice brings its own (a group's). */
  defaultLevel?: string;
}

const lastContractEvent = (events: SlaEvent[]) =>
  events
    .filter((e): e is Extract<SlaEvent, { type: 'contract' }> => e.type === 'contract')
    .sort((a, b) => a.at.getTime() - b.at.getTime())
    .pop();

/** Picks the contract of many records at once: one query for the assignments over all their nodes. */
@Injectable()
export class ContractChooser {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async choose(records: SlaRecordHistory[], manager: EntityManager = this.db.manager) {
    const nodeIds = [...new Set(records.map((r) => r.nodeId).filter((id): id is string => !!id))];
    const nearest: { node_id: string; contract_id: string; via_id: string; via_kind: string; via_label: string }[] =
      nodeIds.length
        ? await manager.query(
            `SELECT DISTINCT ON (rec.id) rec.id AS node_id, a.contract_id, via.id AS via_id, via.kind AS via_kind, via.label AS via_label
           FROM scope_nodes rec
           CROSS JOIN LATERAL unnest(rec.path) WITH ORDINALITY AS p(node_id, depth)
           JOIN sla_assignments a ON a.node_id = p.node_id
           JOIN scope_nodes via ON via.id = a.node_id
          WHERE rec.id = ANY($1::uuid[])
          ORDER BY rec.id, p.depth DESC`,
            [nodeIds],
          )
        : [];
    const byNode = new Map(nearest.map((n) => [n.node_id, n]));
    const [fallback] = await manager.query(`SELECT id FROM sla_contracts WHERE is_default AND deleted_at IS NULL`);
    const choices = new Map<string, ContractChoice | null>();
    for (const r of records) {
      const own = lastContractEvent(r.events);
      const assigned = r.nodeId ? byNode.get(r.nodeId) : undefined;
      if (own) choices.set(r.id, { contractId: own.contractId, reason: { source: 'record' } });
      else if (assigned) {
        choices.set(r.id, {
          contractId: assigned.contract_id,
          reason: {
            source: 'assignment',
            nodeId: assigned.via_id,
            nodeKind: assigned.via_kind,
            nodeLabel: assigned.via_label,
          },
        });
      } else if (r.group) {
        choices.set(r.id, {
          contractId: r.group.contractId,
          reason: { source: 'group', groupName: r.group.name },
          defaultLevel: r.group.defaultLevel ?? undefined,
        });
      } else choices.set(r.id, fallback ? { contractId: fallback.id, reason: { source: 'default' } } : null);
    }
    return choices;
  }
}
