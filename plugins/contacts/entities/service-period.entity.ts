import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One stretch of time a service ran on a template (tariff/product history). */
@Entity('contacts_service_periods')
export class ServicePeriod {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid') serviceId: string;
  @Column('uuid') templateId: string;
  @Column({ type: 'timestamptz' }) connectedAt: Date;
  @Column({ type: 'timestamptz', nullable: true }) disconnectedAt: Date | null;
}
