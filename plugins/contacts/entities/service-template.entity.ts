import { Column, Entity } from 'typeorm';
import { Auditable, BaseRecord, SYSTEM_NODE_ID } from '@clientele/core';

/** What the operator offers (a connection, a support line, a product); services are made from it. */
@Auditable<ServiceTemplate>({ type: 'service_template', node: () => SYSTEM_NODE_ID })
@Entity('contacts_service_templates')
export class ServiceTemplate extends BaseRecord {
  @Column() code: string;
  @Column() name: string;
  @Column({ type: 'jsonb' }) defaultSettings: Record<string, unknown>;
  @Column() isActive: boolean;
}
