import type { PermissionDefinition, RoleDefinition } from '@clientele/core';
import * as P from './constants.js';

export const contactsPermissions: PermissionDefinition[] = [
  { name: P.ADDRESS_BOOK_READ, description: 'See an address book and (with customer read) its customers' },
  { name: P.ADDRESS_BOOK_MANAGE, description: 'Create and rename address books' },
  { name: P.CUSTOMER_READ, description: 'See customer cards' },
  { name: P.CUSTOMER_WRITE, description: 'Change customer cards, move customers between address books' },
  { name: P.CUSTOMER_DELETE, description: 'Delete and restore customers' },
  { name: P.CONSUMER_READ, description: 'See consumers' },
  { name: P.CONSUMER_WRITE, description: 'Create and change consumers' },
  { name: P.CONSUMER_DELETE, description: 'Delete and restore consumers' },
  { name: P.SERVICE_READ, description: 'See services and their history' },
  { name: P.SERVICE_WRITE, description: 'Create and change services' },
  { name: P.SERVICE_DELETE, description: 'Delete and restore services' },
  { name: P.SERVICE_RUN, description: 'Run and monitor services' },
  { name: P.CUSTOMER_USERS_READ, description: 'See the users and contact persons of a customer' },
  {
    name: P.CUSTOMER_USERS_MANAGE,
    description: 'Create portal logins, delete and restore customer users and contact persons',
  },
  {
    name: P.SUPPORT_VALUES_WRITE,
    description: 'Set support parameter values of customers (operator staff, integrations)',
  },
  {
    name: P.CATALOG_MANAGE,
    description: 'Manage service templates, customer states, support parameters and custom variables',
  },
];

/**
 * The built-in roles. Setting support values is left out on purpose: Administrator is also
 * granted to customers' own people, and support markers are the operator's.
 */
export const contactsRoles: RoleDefinition[] = [
  {
    code: 'administrator',
    permissions: contactsPermissions.map((p) => p.name).filter((p) => p !== P.SUPPORT_VALUES_WRITE),
  },
  { code: 'caller', permissions: [P.SERVICE_READ, P.SERVICE_RUN] },
];
