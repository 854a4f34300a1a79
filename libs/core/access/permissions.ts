import type { PermissionDefinition, RoleDefinition } from '../plugin/plugin.types.js';
import { HISTORY_READ } from '../history/history-query.service.js';
import { USERS_MANAGE, USERS_READ } from '../auth/users.service.js';
import { SETTINGS_MANAGE } from '../settings/settings.service.js';

export const ACCESS_READ = 'core.access.read';
export const ACCESS_MANAGE = 'core.access.manage';

export const corePermissions: PermissionDefinition[] = [
  { name: ACCESS_READ, description: 'See roles, user groups and grants on a node and below' },
  { name: ACCESS_MANAGE, description: 'Create roles and user groups and grant roles on a node and below' },
  { name: HISTORY_READ, description: 'Read the change history of records on a node and below' },
  { name: USERS_READ, description: 'See user accounts belonging to a node and below' },
  { name: USERS_MANAGE, description: 'Create, change and deactivate user accounts' },
  {
    name: SETTINGS_MANAGE,
    description:
      "Read and change plugins' settings, on the system (no built-in role carries it: master admins decide who may)",
  },
];

/** The two roles every level of the tree knows; plugins add their permissions to them. */
export const coreRoles: RoleDefinition[] = [
  {
    code: 'administrator',
    name: 'Administrator',
    description: 'Manages the node it is granted on and everything below it',
    permissions: [ACCESS_READ, ACCESS_MANAGE, HISTORY_READ, USERS_READ],
  },
  {
    code: 'caller',
    name: 'Caller',
    description: 'Runs and monitors the services below the node it is granted on',
    permissions: [],
  },
];
