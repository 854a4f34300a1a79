import { Column, Entity, PrimaryColumn } from 'typeorm';

export type HistoryAction = 'create' | 'update' | 'delete' | 'restore' | 'purge';

@Entity('history')
export class HistoryEntry {
  @PrimaryColumn('uuid') id: string;
  @Column() entityType: string;
  @Column('uuid') entityId: string;
  @Column({ type: 'uuid', nullable: true }) nodeId: string | null;
  @Column({ type: 'uuid', nullable: true }) actorId: string | null;
  @Column({ type: 'text' }) action: HistoryAction;
  @Column({ type: 'timestamptz' }) at: Date;
  /** Per field: `{ before, after }`. */
  @Column({ type: 'jsonb' }) changes: Record<string, { before: unknown; after: unknown }>;
  @Column({ type: 'uuid', nullable: true }) visibleTo: string | null;
}
