import { ACCESS_MANAGE, ACCESS_READ, HISTORY_READ, USERS_MANAGE, USERS_READ, type AdminResourceDefinition } from '@clientele/core';

/** Roles and user groups: read with `core.access.read`, changed with `core.access.manage`. */
const ACCESS_MANAGED = { permission: ACCESS_READ, createPermission: ACCESS_MANAGE, updatePermission: ACCESS_MANAGE, deletePermission: ACCESS_MANAGE };

/**
 * Core's own records described with the same metadata a plugin's manifest carries, so the admin
 * UI is generated the same way for everything.
 */
export const coreAdminResources: AdminResourceDefinition[] = [
  {
    name: 'users',
    label: 'Users',
    labelSingular: 'User',
    apiPath: '/api/users',
    permission: USERS_READ,
    createPermission: USERS_MANAGE,
    updatePermission: USERS_MANAGE,
    titleField: 'displayName',
    searchable: true,
    listColumns: [
      { key: 'displayName', label: 'Name', sortable: true },
      { key: 'email', label: 'E-mail', sortable: true },
      { key: 'isActive', label: 'Active', type: 'boolean' },
      { key: 'lastLoginAt', label: 'Last sign-in', type: 'datetime' },
    ],
    filters: [{ key: 'isActive', label: 'Active', type: 'boolean' }],
    fields: [
      { key: 'email', label: 'E-mail', type: 'email', required: true, only: 'create' },
      { key: 'displayName', label: 'Name', type: 'text', required: true },
      { key: 'password', label: 'Password', type: 'password', help: 'At least 8 characters; leave empty to send an activation link instead' },
      { key: 'isActive', label: 'Active', type: 'boolean', only: 'edit' },
    ],
    historyPath: '/api/history?filter[entityType]=user&filter[entityId]=:id',
    hasHistory: true,
    nodeField: 'homeNodeId',
    navGroup: 'access',
  },
  {
    name: 'roles',
    label: 'Roles',
    labelSingular: 'Role',
    apiPath: '/api/roles',
    ...ACCESS_MANAGED,
    titleField: 'name',
    searchable: true,
    listColumns: [
      { key: 'name', label: 'Name', sortable: true },
      { key: 'code', label: 'Code' },
      { key: 'isBuiltin', label: 'Built-in', type: 'boolean' },
      { key: 'permissions', label: 'Permissions' },
    ],
    filters: [{ key: 'isBuiltin', label: 'Built-in', type: 'boolean' }],
    fields: [
      { key: 'code', label: 'Code', type: 'text', required: true, only: 'create', help: 'Lower-case letters, digits, dots and dashes' },
      { key: 'name', label: 'Name', type: 'text', required: true },
      { key: 'description', label: 'Description', type: 'textarea' },
      { key: 'permissions', label: 'Permissions', type: 'multiselect', optionsFrom: { path: '/api/access/permissions', value: 'name', label: 'description' } },
    ],
    historyPath: '/api/history?filter[entityType]=role&filter[entityId]=:id',
    hasHistory: true,
    nodeField: 'ownerNodeId',
    navGroup: 'access',
  },
  {
    name: 'user-groups',
    label: 'User groups',
    labelSingular: 'User group',
    apiPath: '/api/user-groups',
    ...ACCESS_MANAGED,
    titleField: 'name',
    searchable: true,
    listColumns: [
      { key: 'name', label: 'Name', sortable: true },
      { key: 'description', label: 'Description' },
    ],
    fields: [
      { key: 'name', label: 'Name', type: 'text', required: true },
      { key: 'description', label: 'Description', type: 'textarea' },
    ],
    historyPath: '/api/history?filter[entityType]=user_group&filter[entityId]=:id',
    hasHistory: true,
    nodeField: 'ownerNodeId',
    navGroup: 'access',
  },
  {
    name: 'grants',
    label: 'Grants',
    labelSingular: 'Grant',
    apiPath: '/api/grants',
    permission: ACCESS_READ,
    createPermission: ACCESS_MANAGE,
    deletePermission: ACCESS_MANAGE,
    titleField: 'id',
    listColumns: [
      { key: 'roleId', label: 'Role', type: 'reference' },
      { key: 'userId', label: 'User', type: 'reference' },
      { key: 'groupId', label: 'User group', type: 'reference' },
      { key: 'nodeId', label: 'Where' },
      { key: 'createdAt', label: 'Granted', type: 'datetime', sortable: true },
    ],
    filters: [
      { key: 'roleId', label: 'Role', type: 'reference', reference: 'roles' },
      { key: 'userId', label: 'User', type: 'reference', reference: 'users', autocomplete: true },
      { key: 'groupId', label: 'User group', type: 'reference', reference: 'user-groups' },
    ],
    fields: [
      { key: 'roleId', label: 'Role', type: 'reference', reference: 'roles', required: true },
      { key: 'userId', label: 'User', type: 'reference', reference: 'users', autocomplete: true },
      { key: 'groupId', label: 'User group', type: 'reference', reference: 'user-groups' },
      { key: 'nodeId', label: 'Where (node id)', type: 'text', required: true, help: 'The node the role holds on, with everything below it' },
    ],
    nodeField: 'nodeId',
    navGroup: 'access',
  },
  {
    name: 'history',
    label: 'Change history',
    labelSingular: 'Change',
    apiPath: '/api/history',
    permission: HISTORY_READ,
    titleField: 'entityType',
    listColumns: [
      { key: 'at', label: 'When', type: 'datetime', sortable: true },
      { key: 'entityType', label: 'Record type' },
      { key: 'action', label: 'Action' },
      { key: 'actorId', label: 'Who', type: 'reference' },
    ],
    filters: [
      { key: 'entityType', label: 'Record type', type: 'text' },
      { key: 'actorId', label: 'Who', type: 'reference', reference: 'users', autocomplete: true },
      { key: 'action', label: 'Action', type: 'select', options: ['create', 'update', 'delete', 'restore'].map((value) => ({ value, label: value })) },
    ],
    fields: [],
    navGroup: 'access',
  },
];
