import { Column, Entity } from 'typeorm';
import { Auditable, BaseRecord, SYSTEM_NODE_ID } from '@clientele/core';
import { PAYMENT_TYPE_TYPE } from '../constants.js';

/** One entry of the editable list of payment types (bank transfer, direct debit, card, cash …). */
@Auditable<PaymentType>({ type: PAYMENT_TYPE_TYPE, node: () => SYSTEM_NODE_ID })
@Entity('billing_payment_types')
export class PaymentType extends BaseRecord {
  @Column() code: string;
  @Column() name: string;
  @Column() position: number;
}
