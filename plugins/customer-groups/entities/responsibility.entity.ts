import { Column, Entity } from 'typeorm';
import { Auditable, SYSTEM_NODE_ID, SoftDeletableRecord } from '@clientele/core';
import { PROCESS_AREA_TYPE, RESPONSIBILITY_TYPE } from '../constants.js';

export type OwnPerson = 'accountManager' | 'supportSpecialist';

/** A process area (helpdesk, sales, billing …): operator-wide. */
@Auditable<ProcessArea>({ type: PROCESS_AREA_TYPE, node: () => SYSTEM_NODE_ID, retention: '12 months' })
@Entity('customer_groups_process_areas')
export class ProcessArea extends SoftDeletableRecord {
  @Column() code: string;
  @Column() name: string;
  /** Which of the customer's own people (contacts) is responsible first; none when null. */
  @Column({ type: 'text', nullable: true }) ownPerson: OwnPerson | null;
  /** Responsible when neither the customer's own people nor its groups name anyone. */
  @Column({ type: 'uuid', nullable: true }) defaultWorkerId: string | null;
}

/** Who is responsible for a group's customers in one process area. */
@Auditable<Responsibility>({ type: RESPONSIBILITY_TYPE, node: (r) => r.groupId, retention: '12 months' })
@Entity('customer_group_responsibilities')
export class Responsibility extends SoftDeletableRecord {
  @Column('uuid') groupId: string;
  @Column('uuid') processAreaId: string;
  @Column('uuid') workerId: string;
  @Column({ type: 'uuid', nullable: true }) userGroupId: string | null;
  @Column({ type: 'uuid', nullable: true }) helpdeskAreaId: string | null;
}
