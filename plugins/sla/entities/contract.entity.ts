import { Column, Entity } from 'typeorm';
import { Auditable, SYSTEM_NODE_ID, SoftDeletableRecord } from '@clientele/core';
import { CONTRACT_TYPE, SLA_READ } from '../constants.js';
import type { ClockKind } from '../clocks/clock-types.js';

/** An SLA contract: its levels (in sla_levels), which ticket states pause which clock, and when to warn. */
@Auditable<SlaContract>({
  type: CONTRACT_TYPE,
  node: () => SYSTEM_NODE_ID,
  retention: '12 months',
  readPermission: SLA_READ,
})
@Entity('sla_contracts')
export class SlaContract extends SoftDeletableRecord {
  @Column('text') name: string;
  /** Code of the level that applies until a record's severity is assessed. */
  @Column('text') defaultLevel: string;
  @Column('jsonb') pauses: { state: string; clocks: ClockKind[] }[];
  @Column('int', { array: true }) warningPercents: number[];
  /** The contract of records that no assignment covers. */
  @Column('boolean') isDefault: boolean;
}
