import type { EntityManager } from 'typeorm';
import { invalid, notFound } from '@clientele/core';
import { Consumer, Customer, Service } from '@clientele/contacts';

/** The record a ticket is filed on: its node hangs below the service, else the consumer, else the customer. */
export interface TicketTarget {
  customerId: string | null;
  consumerId: string | null;
  serviceId: string | null;
  parentNodeId: string;
}

/** Resolves the customer, consumer and service a request names (the narrowest wins); 404 when one is missing or does not belong with the others. */
export async function resolveTarget(
  m: EntityManager,
  ids: { customerId?: string; consumerId?: string; serviceId?: string },
): Promise<TicketTarget> {
  if (ids.serviceId) {
    const service = await m.getRepository(Service).findOne({ where: { id: ids.serviceId } });
    if (!service || service.deletedAt) throw notFound('Service');
    if (
      (ids.consumerId && ids.consumerId !== service.consumerId) ||
      (ids.customerId && ids.customerId !== service.customerId)
    )
      throw notFound('Service');
    return {
      customerId: service.customerId,
      consumerId: service.consumerId,
      serviceId: service.id,
      parentNodeId: service.id,
    };
  }
  if (ids.consumerId) {
    const consumer = await m.getRepository(Consumer).findOne({ where: { id: ids.consumerId } });
    if (!consumer || consumer.deletedAt || (ids.customerId && ids.customerId !== consumer.customerId))
      throw notFound('Consumer');
    return { customerId: consumer.customerId, consumerId: consumer.id, serviceId: null, parentNodeId: consumer.id };
  }
  if (!ids.customerId)
    throw invalid('customerId', 'REQUIRED', 'Name the customer, consumer or service the request is about');
  const customer = await m.getRepository(Customer).findOne({ where: { id: ids.customerId } });
  if (!customer || customer.deletedAt) throw notFound('Customer');
  return { customerId: customer.id, consumerId: null, serviceId: null, parentNodeId: customer.id };
}
