import { Column, Entity } from 'typeorm';
import { Auditable, BaseRecord } from '@clientele/core';
import { ASSIGNMENT_TYPE, SLA_READ } from '../constants.js';

/** A contract put on a record (a customer, an address book …); it applies to the records below it. */
@Auditable<SlaAssignment>({ type: ASSIGNMENT_TYPE, node: (a) => a.nodeId, readPermission: SLA_READ })
@Entity('sla_assignments')
export class SlaAssignment extends BaseRecord {
  @Column('uuid') nodeId: string;
  @Column('uuid') contractId: string;
}
