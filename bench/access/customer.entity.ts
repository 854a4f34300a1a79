import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A customers-like table: one row per scope node, listed by name. */
@Entity('bench_customers')
export class BenchCustomer {
  @PrimaryColumn('uuid') id: string;
  @Column('text') name: string;
  @Column('text') city: string;
}
