import { Column, Entity } from 'typeorm';
import { Auditable, SoftDeletableRecord } from '@clientele/core';

/**
 * A passwordless account of a customer's contact person: its secret opens the request form and
 * the account's own requests. Bound to exactly one customer by id.
 */
@Auditable<QuickAccount>({
  type: 'quick_request_account',
  node: (a) => a.customerId,
  retention: '12 months',
  secretFields: ['secretHash'],
})
@Entity('helpdesk_quick_accounts')
export class QuickAccount extends SoftDeletableRecord {
  @Column('uuid') customerId: string;
  @Column() name: string;
  @Column({ type: 'text', nullable: true }) email: string | null;
  /** SHA-256 of the secret (a random 192-bit token, so a slow hash adds nothing); null until one is issued. */
  @Column({ type: 'text', nullable: true }) secretHash: string | null;
  @Column({ type: 'timestamptz', nullable: true }) secretExpiresAt: Date | null;
  @Column({ type: 'int' }) failedAttempts: number;
  @Column({ type: 'timestamptz', nullable: true }) lockedUntil: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) lastUsedAt: Date | null;
}
