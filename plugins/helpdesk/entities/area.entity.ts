import { Column, Entity } from 'typeorm';
import { Auditable, ScopedRecord, SoftDeletableRecord } from '@clientele/core';
import { AREA_TYPE, KIND_AREA, TICKET_READ } from '../constants.js';

/**
 * A helpdesk area (a queue, a project): a scope node under the system. Staff granted on it see
 * its tickets; it may name who gets tickets nobody else is responsible for, and the SLA contract
 * its tickets get when neither the customer nor its groups bring one.
 */
@Auditable<Area>({ type: AREA_TYPE, node: (a) => a.id, retention: '12 months', readPermission: TICKET_READ })
@ScopedRecord<Area>({ kind: KIND_AREA, label: (a) => a.name })
@Entity('helpdesk_areas')
export class Area extends SoftDeletableRecord {
  /** Short stable name, matched by customer groups' process areas (`helpdesk`, `sales` …). */
  @Column() code: string;
  @Column() name: string;
  /** A public line: users outside the operator's customers may connect to it and file requests. */
  @Column() isPublic: boolean;
  /** The area new tickets go to when nothing routes them elsewhere (at most one). */
  @Column() isDefault: boolean;
  @Column({ type: 'uuid', nullable: true }) defaultAssigneeUserId: string | null;
  @Column({ type: 'uuid', nullable: true }) defaultAssigneeGroupId: string | null;
  @Column({ type: 'uuid', nullable: true }) defaultSlaContractId: string | null;
}
