import { Column, Entity } from 'typeorm';
import { Auditable, ScopedRecord, SoftDeletableRecord } from '@clientele/core';
import { BILLING_GROUP_TYPE, KIND_BILLING_GROUP } from '../constants.js';

/**
 * One of the operator's own companies: it issues invoices under its legal name, IDs, address
 * and bank accounts, from its own number series, with its own logo and stamp. Its id is its
 * scope node (under the system node), so staff can be limited to some groups.
 */
@Auditable<BillingGroup>({ type: BILLING_GROUP_TYPE, node: (g) => g.id, retention: '12 months' })
@ScopedRecord<BillingGroup>({ kind: KIND_BILLING_GROUP, label: (g) => g.name })
@Entity('billing_groups')
export class BillingGroup extends SoftDeletableRecord {
  /** The legal name printed on invoices. */
  @Column() name: string;
  @Column({ type: 'text', nullable: true }) companyId: string | null;
  @Column({ type: 'text', nullable: true }) vatId: string | null;
  @Column({ type: 'text', nullable: true }) street: string | null;
  @Column({ type: 'text', nullable: true }) city: string | null;
  @Column({ type: 'text', nullable: true }) postcode: string | null;
  @Column({ type: 'text', nullable: true }) country: string | null;
  @Column({ type: 'text', array: true }) ibans: string[];
  /** e.g. `{YYYY}{seq:6}`; see number-series.ts. */
  @Column() numberPattern: string;
  @Column({ type: 'char', length: 3 }) currency: string;
  /** New customers land here. */
  @Column() isDefault: boolean;
  @Column({ type: 'text', nullable: true }) logoDigest: string | null;
  @Column({ type: 'text', nullable: true }) stampDigest: string | null;
}
