import { Column, Entity } from 'typeorm';
import { Auditable, BaseRecord, SYSTEM_NODE_ID } from '@clientele/core';
import { LEVEL_TYPE, SLA_READ } from '../constants.js';

/** A level of a contract (critical, high …) with a target per clock, each in a calendar or around the clock (no calendar). */
@Auditable<SlaLevel>({ type: LEVEL_TYPE, node: () => SYSTEM_NODE_ID, readPermission: SLA_READ })
@Entity('sla_levels')
export class SlaLevel extends BaseRecord {
  @Column('uuid') contractId: string;
  @Column('text') code: string;
  @Column('text') name: string;
  @Column('int') position: number;
  @Column({ type: 'int', nullable: true }) firstResponseMinutes: number | null;
  @Column({ type: 'uuid', nullable: true }) firstResponseCalendarId: string | null;
  @Column({ type: 'int', nullable: true }) nextResponseMinutes: number | null;
  @Column({ type: 'uuid', nullable: true }) nextResponseCalendarId: string | null;
  @Column({ type: 'int', nullable: true }) resolutionMinutes: number | null;
  @Column({ type: 'uuid', nullable: true }) resolutionCalendarId: string | null;
}
