import { Column, Entity } from 'typeorm';
import { Auditable, BaseRecord, SYSTEM_NODE_ID } from '@clientele/core';
import { supportParameterEvents } from '../events.js';

/** One of at most seven operator-defined markers every customer has a value and colour for. */
@Auditable<SupportParameter>({ type: 'support_parameter', node: () => SYSTEM_NODE_ID, events: supportParameterEvents })
@Entity('contacts_support_parameters')
export class SupportParameter extends BaseRecord {
  @Column() code: string;
  @Column() name: string;
  /** 1–7: the slot, which also caps the count. */
  @Column('smallint') position: number;
  @Column() visibleToCustomer: boolean;
  @Column() visibleToStaff: boolean;
}
