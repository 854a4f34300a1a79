import type { EntityManager } from 'typeorm';
import type { SlaEvent } from '../clocks/clock-types.js';
import type { ComputedRecord } from './clock-store.js';

/** A record's SLA-relevant history, as its owner (the helpdesk, for tickets) keeps it. */
export interface SlaRecordHistory {
  id: string;
  /** The record's scope node: contracts put on it or above it apply, and events reach who may read it. */
  nodeId: string | null;
  events: SlaEvent[];
  /**
   * The contract of the customer group the record's customer belongs to, as the owner reads it
   * from the customer-groups plugin: it applies when no contract is set on the record or put on
   * a record above it, with the group's default level until the severity is assessed.
   */
  group?: { name: string; contractId: string; defaultLevel: string | null } | null;
}

/**
 * A plugin whose records carry SLA clocks registers itself with `SlaClocks.registerOwner` so the
 * SLA plugin can ask for histories when a calendar or contract change needs open records
 * recomputed.
 */
export interface SlaClockOwner {
  /** The record kind, e.g. `ticket`. */
  readonly recordType: string;
  /** The histories of these records; records that no longer exist are left out. */
  histories(ids: string[]): Promise<SlaRecordHistory[]>;
  /**
   * Told, in the same transaction, what a recompute stored for its records, so an owner that
   * keeps something of the clocks itself (the helpdesk sorts tickets by their nearest deadline)
   * stays in step.
   */
  clocksStored?(manager: EntityManager, computed: ComputedRecord[]): Promise<unknown>;
}
