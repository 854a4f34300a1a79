import { Column, Entity } from 'typeorm';
import { Auditable, BaseRecord, SYSTEM_NODE_ID } from '@clientele/core';

export const AUTHORISATION_MODES = ['off', 'optional', 'mandatory'] as const;
export type AuthorisationMode = (typeof AUTHORISATION_MODES)[number];

/**
 * Whether a customer's new requests need approval: `mandatory` holds every new request until an
 * authorised person approves it; `optional` lets the requester ask for it; `off` (also without a row) needs none.
 */
@Auditable<AuthorisationPolicy>({ type: 'request_authorisation', node: (p) => p.customerId ?? SYSTEM_NODE_ID })
@Entity('helpdesk_authorisation_policies')
export class AuthorisationPolicy extends BaseRecord {
  /** The customer it is set on; or, for all of a group's customers without their own, the group. */
  @Column({ type: 'uuid', nullable: true }) customerId: string | null;
  @Column({ type: 'uuid', nullable: true }) groupId: string | null;
  @Column({ type: 'text' }) mode: AuthorisationMode;
}
