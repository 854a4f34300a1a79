import { Column, Entity } from 'typeorm';
import { Auditable, ScopedRecord, SoftDeletableRecord } from '@clientele/core';
import { KIND_SERVICE, SERVICE_READ } from '../constants.js';
import { serviceEvents } from '../events.js';

export type ServiceStatus = 'active' | 'suspended' | 'disconnected';
export const SERVICE_STATUSES: ServiceStatus[] = ['active', 'suspended', 'disconnected'];

/** A service a consumer runs, made from a service template; a scope node under the consumer. */
@Auditable<Service>({ type: 'service', node: (s) => s.id, events: serviceEvents, readPermission: SERVICE_READ })
@ScopedRecord<Service>({ kind: KIND_SERVICE, label: (s) => s.name })
@Entity('contacts_services')
export class Service extends SoftDeletableRecord {
  @Column('uuid') consumerId: string;
  @Column('uuid') customerId: string;
  @Column('uuid') templateId: string;
  @Column() name: string;
  @Column({ type: 'text' }) status: ServiceStatus;
  @Column({ type: 'jsonb' }) settings: Record<string, unknown>;
}
