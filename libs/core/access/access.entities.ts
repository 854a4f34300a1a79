import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { BaseRecord } from '../records/base.entity.js';
import { Auditable } from '../records/auditable.js';
import { SYSTEM_NODE_ID } from './constants.js';

@Entity('scope_nodes')
export class ScopeNode {
  @PrimaryColumn('uuid') id: string;
  @Column() kind: string;
  @Column({ type: 'uuid', nullable: true }) parentId: string | null;
  @Column({ type: 'uuid', array: true }) path: string[];
  @Column() label: string;
  @Column({ type: 'timestamptz', nullable: true }) disabledAt: Date | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}

@Auditable<Role>({ type: 'role', node: (r) => r.ownerNodeId ?? SYSTEM_NODE_ID })
@Entity('roles')
export class Role extends BaseRecord {
  @Column() code: string;
  @Column() name: string;
  @Column() description: string;
  @Column({ type: 'text', array: true }) permissions: string[];
  /** A role owned by a node can be granted only inside that node's subtree. */
  @Column({ type: 'uuid', nullable: true }) ownerNodeId: string | null;
  @Column() isBuiltin: boolean;
}

@Auditable<UserGroup>({ type: 'user_group', node: (g) => g.ownerNodeId ?? SYSTEM_NODE_ID })
@Entity('user_groups')
export class UserGroup extends BaseRecord {
  @Column() name: string;
  @Column() description: string;
  @Column({ type: 'uuid', nullable: true }) ownerNodeId: string | null;
}

@Entity('grants')
export class Grant {
  @PrimaryColumn('uuid') id: string;
  @Column({ type: 'uuid', nullable: true }) userId: string | null;
  @Column({ type: 'uuid', nullable: true }) groupId: string | null;
  @Column('uuid') roleId: string;
  @Column('uuid') nodeId: string;
  @Column({ type: 'uuid', nullable: true }) createdBy: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}
