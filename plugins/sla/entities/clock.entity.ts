import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A record's clock as last computed (see tracking/clock-store.ts, which writes it). Derived from
 * the record's history, so not a business record of its own: no history, no versions.
 */
@Entity('sla_clocks')
export class SlaClock {
  @PrimaryColumn('uuid') id: string;
  @Column('text') recordType: string;
  @Column('uuid') recordId: string;
  @Column('text') kind: string;
  @Column('int') cycle: number;
  @Column({ type: 'uuid', nullable: true }) nodeId: string | null;
  @Column('uuid') contractId: string;
  @Column('text') level: string;
  @Column('text') state: string;
  @Column('timestamptz') startedAt: Date;
  @Column({ type: 'timestamptz', nullable: true }) stoppedAt: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) deadline: Date | null;
  @Column('timestamptz') computedAt: Date;
}
