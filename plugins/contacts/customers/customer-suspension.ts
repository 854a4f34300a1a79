import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** What suspending changed for one customer, so that restoring undoes exactly that. */
export interface SuspendedCustomer {
  customerId: string;
  /** The state before it turned `non_payer`. */
  previousStateId: string | null;
  /** The services that were active and are now suspended. */
  serviceIds: string[];
}

/**
 * Suspends customers who do not pay, and restores them, set-based for any number of
 * customers (billing's scheduled job): the customer's state turns `non_payer` and its active
 * services `suspended`; restoring puts back the state and reactivates the services suspended
 * then, unless someone has changed them meanwhile. Every change goes to history, in the
 * caller's transaction.
 */
@Injectable()
export class CustomerSuspension {
  async suspend(manager: EntityManager, customerIds: string[], actorId: string | null): Promise<SuspendedCustomer[]> {
    if (!customerIds.length) return [];
    return manager.query(
      `WITH target AS (SELECT id FROM contacts_customer_states WHERE code = 'non_payer'),
       before AS (
         SELECT c.id, c.state_id FROM contacts_customers c
          WHERE c.id = ANY($1::uuid[]) AND c.deleted_at IS NULL ORDER BY c.id FOR UPDATE
       ), customers AS (
         UPDATE contacts_customers c SET state_id = (SELECT id FROM target), version = c.version + 1, updated_at = now()
           FROM before b WHERE c.id = b.id AND c.state_id IS DISTINCT FROM (SELECT id FROM target)
         RETURNING c.id, b.state_id AS previous, c.state_id
       ), services AS (
         UPDATE contacts_services s SET status = 'suspended', version = s.version + 1, updated_at = now()
          WHERE s.customer_id IN (SELECT id FROM before) AND s.status = 'active' AND s.deleted_at IS NULL
         RETURNING s.id, s.customer_id
       ), logged AS (
         INSERT INTO history (id, entity_type, entity_id, node_id, actor_id, action, changes)
         SELECT clientele_uuid_v7(), 'customer', id, id, $2::uuid, 'update',
                jsonb_build_object('stateId', jsonb_build_object('before', previous, 'after', state_id)) FROM customers
         UNION ALL
         SELECT clientele_uuid_v7(), 'service', id, id, $2::uuid, 'update',
                jsonb_build_object('status', jsonb_build_object('before', 'active', 'after', 'suspended')) FROM services
       )
       SELECT b.id AS "customerId", b.state_id AS "previousStateId", COALESCE(s.ids, '{}') AS "serviceIds"
         FROM before b
         LEFT JOIN (SELECT customer_id, array_agg(id) AS ids FROM services GROUP BY customer_id) s ON s.customer_id = b.id`,
      [customerIds, actorId],
    );
  }

  async restore(manager: EntityManager, customers: SuspendedCustomer[], actorId: string | null) {
    if (!customers.length) return;
    await manager.query(
      `WITH restoring AS (
         SELECT * FROM unnest($1::uuid[], $2::uuid[]) AS r(customer_id, state_id)
       ), customers AS (
         UPDATE contacts_customers c SET state_id = r.state_id, version = c.version + 1, updated_at = now()
           FROM restoring r
          WHERE c.id = r.customer_id AND c.state_id = (SELECT id FROM contacts_customer_states WHERE code = 'non_payer')
         RETURNING c.id, c.state_id
       ), services AS (
         UPDATE contacts_services s SET status = 'active', version = s.version + 1, updated_at = now()
          WHERE s.id = ANY($3::uuid[]) AND s.status = 'suspended'
         RETURNING s.id
       )
       INSERT INTO history (id, entity_type, entity_id, node_id, actor_id, action, changes)
       SELECT clientele_uuid_v7(), 'customer', c.id, c.id, $4::uuid, 'update',
              jsonb_build_object('stateId', jsonb_build_object('before', (SELECT id FROM contacts_customer_states WHERE code = 'non_payer'), 'after', c.state_id))
         FROM customers c
       UNION ALL
       SELECT clientele_uuid_v7(), 'service', s.id, s.id, $4::uuid, 'update',
              jsonb_build_object('status', jsonb_build_object('before', 'suspended', 'after', 'active'))
         FROM services s`,
      [
        customers.map((c) => c.customerId),
        customers.map((c) => c.previousStateId),
        customers.flatMap((c) => c.serviceIds),
        actorId,
      ],
    );
  }
}
