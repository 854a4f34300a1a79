import { NodeIn, NodeLocator, NodeOf, requestedId } from '@clientele/core';
import { CUSTOMER_READ, Customer } from '@clientele/contacts';
import { GROUP_READ } from './constants.js';
import { CustomerGroup } from './entities/customer-group.entity.js';
import { GroupPriceList } from './entities/group-price-list.entity.js';
import { IndividualPrice } from './entities/individual-price.entity.js';
import { Membership } from './entities/membership.entity.js';

/**
 * The nodes this plugin's routes check their permission on (see `@Permission`): a group's own
 * node, or the customer's — each with the permission that lets a caller see it, so those
 * lacking the route's permission get 403 where they may see the record and 404 elsewhere.
 */
export const ON_GROUP = NodeOf(CustomerGroup, { seenWith: GROUP_READ });
export const ON_CUSTOMER = NodeOf(Customer, { seenWith: CUSTOMER_READ });
/** A new record's group or customer, named in the body (their ids are their nodes). */
export const IN_GROUP = NodeIn(
  { body: 'groupId' },
  { seenWith: GROUP_READ, where: 'on the group (`groupId`) or above' },
);
export const IN_CUSTOMER = NodeIn(
  { body: 'customerId' },
  { seenWith: CUSTOMER_READ, where: 'on the customer (`customerId`) or above' },
);
/** A membership's history follows its customer; changing it is a matter of its group. */
export const ON_MEMBERSHIPS_CUSTOMER = NodeOf(Membership, {
  seenWith: CUSTOMER_READ,
  where: "on the membership's customer or above",
});
export const ON_PRICES_CUSTOMER = NodeOf(IndividualPrice, {
  seenWith: CUSTOMER_READ,
  where: "on the price's customer or above",
});
export const ON_CARRYING_GROUP = NodeOf(GroupPriceList, {
  seenWith: GROUP_READ,
  where: 'on the group carrying the list, or above',
});

export const ON_MEMBERSHIPS_GROUP: NodeLocator = {
  where: "on the membership's group or above",
  seenWith: GROUP_READ,
  async resolve(request, _ctx, db) {
    const id = requestedId(request, 'id');
    if (!id) return undefined;
    const membership = await db.getRepository(Membership).findOne({ where: { id } });
    return membership?.groupId ?? null;
  },
};
