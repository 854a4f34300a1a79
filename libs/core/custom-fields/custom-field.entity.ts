import { Column, Entity } from 'typeorm';
import { Auditable } from '../records/auditable.js';
import { BaseRecord } from '../records/base.entity.js';
import { SYSTEM_NODE_ID } from '../access/constants.js';

export type CustomFieldType = 'text' | 'number' | 'boolean' | 'date' | 'select';
export const CUSTOM_FIELD_TYPES: CustomFieldType[] = ['text', 'number', 'boolean', 'date', 'select'];

/** An operator-defined extra field of one kind of record (e.g. `customer`); values live on the record as jsonb. */
@Auditable<CustomFieldDefinition>({ type: 'custom_field', node: () => SYSTEM_NODE_ID })
@Entity('custom_field_definitions')
export class CustomFieldDefinition extends BaseRecord {
  @Column() entityType: string;
  @Column() key: string;
  @Column() label: string;
  @Column({ type: 'text' }) type: CustomFieldType;
  @Column({ type: 'jsonb', nullable: true }) defaultValue: unknown;
  /** For `select`: the allowed values. */
  @Column({ type: 'jsonb' }) options: { value: string; label: string }[];
  @Column() required: boolean;
  @Column() position: number;
}
