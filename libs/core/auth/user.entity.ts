import { Column, Entity } from 'typeorm';
import { BaseRecord } from '../records/base.entity.js';
import { Auditable } from '../records/auditable.js';
import { SYSTEM_NODE_ID } from '../access/constants.js';

@Auditable<User>({ type: 'user', node: (u) => u.homeNodeId ?? SYSTEM_NODE_ID, secretFields: ['passwordHash'] })
@Entity('users')
export class User extends BaseRecord {
  @Column('citext') email: string;
  @Column() displayName: string;
  @Column({ type: 'text', nullable: true, select: false }) passwordHash: string | null;
  @Column() isActive: boolean;
  @Column() isMasterAdmin: boolean;
  @Column({ type: 'timestamptz', nullable: true }) activatedAt: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) lastLoginAt: Date | null;
  /** The customer (or other node) this user belongs to; when that node is deleted the user loses access at once. */
  @Column({ type: 'uuid', nullable: true }) homeNodeId: string | null;
  @Column({ type: 'jsonb' }) preferences: Record<string, unknown>;
}
