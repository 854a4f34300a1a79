import { Column, Entity } from 'typeorm';
import { Auditable, BaseRecord, ScopedRecord } from '@clientele/core';
import { KIND_TICKET, TICKET_TYPE } from '../constants.js';
import type { Severity, TicketState } from '../tickets/workflow.js';

/**
 * A customer's request. Its scope node hangs under the record it is about (the service, else
 * the consumer, else the customer; a public line's request from another company under the area), so the customer's people granted there follow it and an SLA
 * contract put on the customer applies; staff see it through their grants on its area.
 */
@Auditable<Ticket>({ type: TICKET_TYPE, node: (t) => t.id })
@ScopedRecord<Ticket>({ kind: KIND_TICKET, label: (t) => t.subject })
@Entity('helpdesk_tickets')
export class Ticket extends BaseRecord {
  /** Human-facing number, unique, in filing order. */
  @Column({ type: 'bigint', insert: false, update: false }) number: string;
  @Column() subject: string;
  @Column('uuid') areaId: string;
  /** Null for a request filed on a public line by a user of another company. */
  @Column({ type: 'uuid', nullable: true }) customerId: string | null;
  @Column({ type: 'uuid', nullable: true }) consumerId: string | null;
  @Column({ type: 'uuid', nullable: true }) serviceId: string | null;
  @Column({ type: 'text' }) state: TicketState;
  /** Null until assessed: the SLA then measures the contract's (or the group's) default level. */
  @Column({ type: 'text', nullable: true }) severity: Severity | null;
  @Column({ type: 'uuid', nullable: true }) assigneeUserId: string | null;
  @Column({ type: 'uuid', nullable: true }) assigneeGroupId: string | null;
  /** Who filed it (null for the system). */
  @Column({ type: 'uuid', nullable: true }) requesterId: string | null;
  /** Staff outside this user group do not see the ticket (a customer group's responsibility restricts it). */
  @Column({ type: 'uuid', nullable: true }) visibleGroupId: string | null;
  /** Filed through this quick-request account (which then sees it, and only such tickets). */
  @Column({ type: 'uuid', nullable: true }) quickAccountId: string | null;
  /** Request authorisation: asked for (`requested`), then `approved` or `rejected`; null when none was needed. */
  @Column({ type: 'text', nullable: true }) authorisation: 'requested' | 'approved' | 'rejected' | null;
  @Column({ type: 'text', nullable: true }) authorisationReason: string | null;
  @Column({ type: 'uuid', nullable: true }) authorisedBy: string | null;
  /** The earliest deadline among the ticket's running SLA clocks, for sorting; null when none runs. */
  @Column({ type: 'timestamptz', nullable: true }) slaDueAt: Date | null;
  /** `running`, `paused`, `breached`, `met` or `none`: the most urgent state of its clocks. */
  @Column({ type: 'text' }) slaState: string;
}
