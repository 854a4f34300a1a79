import { Column, CreateDateColumn, PrimaryColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

/** What every business record carries: a server-made id, an optimistic-lock version and its times. */
export abstract class BaseRecord {
  @PrimaryColumn('uuid')
  id: string;

  @VersionColumn()
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

/** A record whose deletion only hides it; it can be restored until its retention runs out. */
export abstract class SoftDeletableRecord extends BaseRecord {
  @Column({ type: 'timestamptz', nullable: true })
  deletedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  deletedBy: string | null;
}
