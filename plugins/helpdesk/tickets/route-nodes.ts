import type { NodeLocator } from '@clientele/core';
import { requestedId } from '@clientele/core';
import { REQUEST_READ } from '../constants.js';
import { isCustomerPerson } from './ticket-access.js';

/**
 * Where a ticket route is checked: for staff on the ticket's area (their grants sit there), for
 * the customer's people on the ticket's own node (below the service or customer they are granted
 * on). The service then applies the whole visibility rule (`ticketVisibility`).
 */
export const ON_TICKET: NodeLocator = {
  // The customer's people who follow a ticket are told 403 on what they may not do to it.
  seenWith: REQUEST_READ,
  where: "on the ticket's area (staff) or on the ticket, below its customer (the customer's people)",
  async resolve(request, ctx, db) {
    const id = requestedId(request, 'id');
    if (!id || isCustomerPerson(ctx)) return id;
    const [row] = await db.query(`SELECT area_id FROM helpdesk_tickets WHERE id = $1`, [id]);
    return row ? row.area_id : null;
  },
};
