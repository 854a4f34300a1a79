import type { PermissionDefinition, RoleDefinition } from '@clientele/core';
import * as P from './constants.js';

export const customerGroupsPermissions: PermissionDefinition[] = [
  {
    name: P.GROUP_READ,
    description: 'See customer groups, and those of their members one may read as customers anyway',
  },
  { name: P.GROUP_MANAGE, description: 'Create, change and delete customer groups; add and remove members' },
  { name: P.MEMBERSHIP_READ, description: "See a customer's groups" },
  { name: P.PRICING_READ, description: 'See the product catalogue and price lists' },
  {
    name: P.PRICING_MANAGE,
    description: "Manage the catalogue, price lists, the lists groups carry, and customers' individual prices",
  },
  { name: P.PRICE_READ, description: "Ask a customer's prices and why, and quote them" },
  { name: P.RESPONSIBILITY_READ, description: 'Ask who is responsible for a customer in a process area, and why' },
  { name: P.RESPONSIBILITY_MANAGE, description: "Manage process areas and groups' responsibilities" },
];

/**
 * Administrator (granted on address books to staff, and on a customer to its own people) may
 * see a customer's groups, prices and responsible people. Managing groups and prices is the
 * operator's: a role of its own, granted on the system node or on single groups.
 */
export const customerGroupsRoles: RoleDefinition[] = [
  { code: 'administrator', permissions: [P.MEMBERSHIP_READ, P.PRICE_READ, P.RESPONSIBILITY_READ] },
  {
    code: 'customer_group_manager',
    name: 'Customer group manager',
    description:
      'Manages customer groups, their members, price lists and responsibilities (members only among customers also granted to them)',
    permissions: customerGroupsPermissions.map((p) => p.name),
  },
];
