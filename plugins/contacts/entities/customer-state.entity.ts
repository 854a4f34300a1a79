import { Column, Entity } from 'typeorm';
import { Auditable, BaseRecord, SYSTEM_NODE_ID } from '@clientele/core';

/** One entry of the editable list of customer states (connected, disconnected, limited, non-payer …). */
@Auditable<CustomerState>({ type: 'customer_state', node: () => SYSTEM_NODE_ID })
@Entity('contacts_customer_states')
export class CustomerState extends BaseRecord {
  @Column() code: string;
  @Column() name: string;
  @Column({ type: 'text', nullable: true }) color: string | null;
  @Column() position: number;
}
