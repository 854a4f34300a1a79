import { Column, Entity } from 'typeorm';
import { BaseRecord } from '../records/base.entity.js';

/** One plugin's settings as stored: the values it was given, validated against its settings class. */
@Entity('settings')
export class StoredSettings extends BaseRecord {
  @Column() plugin: string;
  @Column({ type: 'jsonb' }) value: Record<string, unknown>;
}
