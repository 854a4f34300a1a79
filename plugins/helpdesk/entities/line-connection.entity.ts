import { Column, Entity } from 'typeorm';
import { Auditable, BaseRecord } from '@clientele/core';
import { TICKET_READ } from '../constants.js';

/** A user of another company connected to a public line (area); disconnecting ends their access at once. */
@Auditable<LineConnection>({ type: 'line_connection', node: (c) => c.areaId, readPermission: TICKET_READ })
@Entity('helpdesk_line_connections')
export class LineConnection extends BaseRecord {
  @Column('uuid') areaId: string;
  @Column('uuid') userId: string;
  /** The company the user works for, as they gave it. */
  @Column() company: string;
  @Column({ insert: false, update: false }) companyNormalized: string;
  @Column({ type: 'uuid', nullable: true }) grantId: string | null;
  @Column({ type: 'timestamptz', nullable: true }) disconnectedAt: Date | null;
  @Column({ type: 'uuid', nullable: true }) disconnectedBy: string | null;
}
