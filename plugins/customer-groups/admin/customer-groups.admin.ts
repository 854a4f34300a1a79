import type { AdminExtension, AdminResourceDefinition, AdminTab } from '@clientele/core';
import * as P from '../constants.js';
import { customerField } from '@clientele/contacts';

const NAV = 'Customer groups';
const day = (key: string, label: string, help?: string) => ({
  key,
  label,
  type: 'date' as const,
  ...(help ? { help } : {}),
});
const VALID_FROM = "First day (the operator's time zone); empty: open";
const VALID_TO = 'First day no longer included; empty: open';

const groups: AdminResourceDefinition = {
  name: 'customer-groups',
  label: 'Customer groups',
  labelSingular: 'Customer group',
  apiPath: '/api/customer-groups',
  navGroup: NAV,
  permission: P.GROUP_READ,
  createPermission: P.GROUP_MANAGE,
  titleField: 'name',
  searchable: true,
  softDelete: true,
  hasHistory: true,
  nodeField: 'id',
  recordType: P.GROUP_TYPE,
  listColumns: [
    { key: 'priority', label: 'Priority', sortable: true },
    { key: 'code', label: 'Code', sortable: true },
    { key: 'name', label: 'Name', sortable: true },
    { key: 'colour', label: 'Colour', type: 'color' },
  ],
  fields: [
    { key: 'code', label: 'Code', type: 'text', required: true },
    { key: 'name', label: 'Name', type: 'text', required: true },
    {
      key: 'priority',
      label: 'Priority',
      type: 'number',
      required: true,
      help: "Smaller decides first when a customer's groups disagree (prices, responsibility)",
    },
    { key: 'colour', label: 'Colour', type: 'color' },
    { key: 'description', label: 'Description', type: 'textarea' },
    {
      key: 'slaContractId',
      label: 'SLA contract',
      type: 'text',
      help: "Only while the SLA plugin is enabled: given to every new ticket of the group's customers",
    },
    {
      key: 'defaultSlaLevel',
      label: 'Default SLA level',
      type: 'text',
      help: "Holds until a ticket's severity is assessed",
    },
  ],
  fieldsets: [{ key: 'sla', label: 'SLA', fields: ['slaContractId', 'defaultSlaLevel'] }],
  actions: [
    {
      key: 'bulk-members',
      label: 'Add or remove by customer filter',
      path: '/api/customer-groups/:id/members/bulk',
      permission: P.GROUP_MANAGE,
      confirm: 'Change the membership of every customer the filter finds?',
      fields: [
        {
          key: 'action',
          label: 'Action',
          type: 'select',
          required: true,
          options: [
            { value: 'add', label: 'Add' },
            { value: 'remove', label: 'Remove' },
          ],
        },
        { key: 'q', label: 'Search', type: 'text', help: 'As in the customer list' },
        {
          key: 'filter',
          label: 'Filter',
          type: 'json',
          help: 'As the customer list\'s filter, e.g. {"addressBook":"…","state":"connected"}',
        },
        day('validFrom', 'Member from', 'When adding'),
        day('validTo', 'Member until (first day out)', 'When adding'),
        day('from', 'No longer a member from', 'When removing; today if empty'),
      ],
    },
  ],
};

const memberships: AdminResourceDefinition = {
  name: 'customer-group-memberships',
  label: 'Memberships',
  labelSingular: 'Membership',
  apiPath: '/api/customer-group-memberships',
  navGroup: NAV,
  permission: P.MEMBERSHIP_READ,
  createPermission: P.GROUP_MANAGE,
  titleField: 'customerName',
  hasHistory: true,
  hidden: true,
  listColumns: [
    { key: 'customerName', label: 'Customer' },
    { key: 'validFrom', label: 'From', type: 'date' },
    { key: 'validTo', label: 'Until', type: 'date' },
  ],
  fields: [
    { key: 'groupId', label: 'Group', type: 'reference', reference: 'customer-groups', required: true, only: 'create' },
    customerField({ required: true, only: 'create' }),
    day('validFrom', 'From', VALID_FROM),
    day('validTo', 'Until', VALID_TO),
  ],
};

const products: AdminResourceDefinition = {
  name: 'products',
  label: 'Products',
  labelSingular: 'Product',
  apiPath: '/api/products',
  navGroup: NAV,
  permission: P.PRICING_READ,
  createPermission: P.PRICING_MANAGE,
  titleField: 'name',
  searchable: true,
  softDelete: true,
  hasHistory: true,
  listColumns: [
    { key: 'code', label: 'Code', sortable: true },
    { key: 'name', label: 'Name', sortable: true },
    { key: 'unit', label: 'Unit' },
    { key: 'basePrice', label: 'Base price' },
    { key: 'currency', label: 'Currency' },
    { key: 'vatRate', label: 'VAT %' },
  ],
  fields: [
    { key: 'code', label: 'Code', type: 'text', required: true, only: 'create' },
    { key: 'name', label: 'Name', type: 'text', required: true },
    { key: 'unit', label: 'Unit', type: 'text', required: true, help: 'pcs, h, month …' },
    { key: 'basePrice', label: 'Base price', type: 'text', required: true, help: 'Decimal, e.g. 499.90' },
    { key: 'currency', label: 'Currency', type: 'text', required: true, help: 'ISO code, e.g. CZK' },
    { key: 'vatRate', label: 'VAT %', type: 'text', required: true },
    {
      key: 'serviceTemplateId',
      label: 'Service template',
      type: 'reference',
      reference: 'service-templates',
      help: 'When the product prices a contacts service template',
    },
  ],
};

const priceLists: AdminResourceDefinition = {
  name: 'price-lists',
  label: 'Price lists',
  labelSingular: 'Price list',
  apiPath: '/api/price-lists',
  navGroup: NAV,
  permission: P.PRICING_READ,
  createPermission: P.PRICING_MANAGE,
  titleField: 'name',
  searchable: true,
  softDelete: true,
  hasHistory: true,
  listColumns: [
    { key: 'name', label: 'Name', sortable: true },
    { key: 'currency', label: 'Currency' },
    { key: 'validFrom', label: 'From', type: 'date', sortable: true },
    { key: 'validTo', label: 'Until', type: 'date' },
  ],
  fields: [
    { key: 'name', label: 'Name', type: 'text', required: true },
    { key: 'currency', label: 'Currency', type: 'text', required: true },
    day('validFrom', 'From', VALID_FROM),
    day('validTo', 'Until', VALID_TO),
  ],
};

const priceListItems: AdminResourceDefinition = {
  name: 'price-list-items',
  label: 'Price list items',
  labelSingular: 'Price list item',
  apiPath: '/api/price-list-items',
  navGroup: NAV,
  permission: P.PRICING_READ,
  createPermission: P.PRICING_MANAGE,
  titleField: 'price',
  hasHistory: true,
  hidden: true,
  listColumns: [
    { key: 'productId', label: 'Product' },
    { key: 'price', label: 'Price' },
    { key: 'minQuantity', label: 'From quantity' },
  ],
  fields: [
    {
      key: 'priceListId',
      label: 'Price list',
      type: 'reference',
      reference: 'price-lists',
      required: true,
      only: 'create',
    },
    {
      key: 'productId',
      label: 'Product',
      type: 'reference',
      reference: 'products',
      autocomplete: true,
      required: true,
      only: 'create',
    },
    { key: 'price', label: 'Price', type: 'text', required: true },
    {
      key: 'minQuantity',
      label: 'From quantity',
      type: 'text',
      help: 'The price holds from this quantity up; empty: any',
    },
  ],
};

const carriedLists: AdminResourceDefinition = {
  name: 'customer-group-price-lists',
  label: 'Price lists of groups',
  labelSingular: 'Price list of a group',
  apiPath: '/api/customer-group-price-lists',
  navGroup: NAV,
  permission: P.PRICING_READ,
  createPermission: P.PRICING_MANAGE,
  titleField: 'priceListName',
  hasHistory: true,
  hidden: true,
  listColumns: [
    { key: 'position', label: 'Order' },
    { key: 'priceListName', label: 'Price list' },
  ],
  fields: [
    { key: 'groupId', label: 'Group', type: 'reference', reference: 'customer-groups', required: true, only: 'create' },
    {
      key: 'priceListId',
      label: 'Price list',
      type: 'reference',
      reference: 'price-lists',
      required: true,
      only: 'create',
    },
    { key: 'position', label: 'Order', type: 'number', required: true, help: '1 first' },
  ],
};

const individualPrices: AdminResourceDefinition = {
  name: 'individual-prices',
  label: 'Individual prices',
  labelSingular: 'Individual price',
  apiPath: '/api/individual-prices',
  navGroup: NAV,
  permission: P.PRICE_READ,
  createPermission: P.PRICING_MANAGE,
  titleField: 'price',
  hasHistory: true,
  hidden: true,
  listColumns: [
    { key: 'productId', label: 'Product' },
    { key: 'price', label: 'Price' },
    { key: 'currency', label: 'Currency' },
  ],
  fields: [
    customerField({ required: true, only: 'create' }),
    {
      key: 'productId',
      label: 'Product',
      type: 'reference',
      reference: 'products',
      autocomplete: true,
      required: true,
      only: 'create',
    },
    { key: 'price', label: 'Price', type: 'text', required: true },
    { key: 'currency', label: 'Currency', type: 'text', required: true },
    { key: 'minQuantity', label: 'From quantity', type: 'text' },
    day('validFrom', 'From', VALID_FROM),
    day('validTo', 'Until', VALID_TO),
  ],
};

const processAreas: AdminResourceDefinition = {
  name: 'process-areas',
  label: 'Process areas',
  labelSingular: 'Process area',
  apiPath: '/api/process-areas',
  navGroup: NAV,
  permission: P.RESPONSIBILITY_READ,
  createPermission: P.RESPONSIBILITY_MANAGE,
  titleField: 'name',
  softDelete: true,
  hasHistory: true,
  listColumns: [
    { key: 'code', label: 'Code', sortable: true },
    { key: 'name', label: 'Name' },
    { key: 'ownPerson', label: "Customer's own person" },
  ],
  fields: [
    {
      key: 'code',
      label: 'Code',
      type: 'text',
      required: true,
      only: 'create',
      help: '"helpdesk" routes tickets to a helpdesk area',
    },
    { key: 'name', label: 'Name', type: 'text', required: true },
    {
      key: 'ownPerson',
      label: "Customer's own person",
      type: 'select',
      help: 'Responsible first, before the groups',
      options: [
        { value: 'accountManager', label: 'Account manager' },
        { value: 'supportSpecialist', label: 'Support specialist' },
      ],
    },
    {
      key: 'defaultWorkerId',
      label: 'Default worker',
      type: 'reference',
      reference: 'users',
      help: 'When neither the customer nor its groups name anyone',
    },
  ],
};

const responsibilities: AdminResourceDefinition = {
  name: 'customer-group-responsibilities',
  label: 'Responsibilities',
  labelSingular: 'Responsibility',
  apiPath: '/api/customer-group-responsibilities',
  navGroup: NAV,
  permission: P.GROUP_READ,
  createPermission: P.RESPONSIBILITY_MANAGE,
  titleField: 'workerId',
  hasHistory: true,
  hidden: true,
  listColumns: [
    { key: 'processAreaId', label: 'Area' },
    { key: 'workerId', label: 'Worker' },
  ],
  fields: [
    { key: 'groupId', label: 'Group', type: 'reference', reference: 'customer-groups', required: true, only: 'create' },
    {
      key: 'processAreaId',
      label: 'Process area',
      type: 'reference',
      reference: 'process-areas',
      required: true,
      only: 'create',
    },
    { key: 'workerId', label: 'Responsible worker', type: 'reference', reference: 'users', required: true },
    {
      key: 'userGroupId',
      label: 'Only this user group sees the messages',
      type: 'reference',
      reference: 'user-groups',
    },
    {
      key: 'helpdeskAreaId',
      label: 'Helpdesk area',
      type: 'text',
      help: "Helpdesk only: the queue the group's tickets go to",
    },
  ],
};

export const customerGroupsAdminResources = [
  groups,
  memberships,
  products,
  priceLists,
  priceListItems,
  carriedLists,
  individualPrices,
  processAreas,
  responsibilities,
];

export const customerGroupsAdminTabs: AdminTab[] = [
  {
    on: ['customer-groups'],
    key: 'group-members',
    label: 'Members',
    listPath: '/api/customer-groups/:id/members',
    permission: P.GROUP_READ,
    createResource: 'customer-group-memberships',
    columns: [
      { key: 'customerName', label: 'Customer' },
      { key: 'validFrom', label: 'From', type: 'date' },
      { key: 'validTo', label: 'Until', type: 'date' },
    ],
  },
  {
    on: ['customer-groups'],
    key: 'group-price-lists',
    label: 'Price lists',
    listPath: '/api/customer-groups/:id/price-lists',
    permission: P.PRICING_READ,
    createResource: 'customer-group-price-lists',
    columns: [
      { key: 'position', label: 'Order' },
      { key: 'priceListName', label: 'Price list' },
      { key: 'currency', label: 'Currency' },
    ],
  },
  {
    on: ['customer-groups'],
    key: 'group-responsibilities',
    label: 'Responsibilities',
    listPath: '/api/customer-groups/:id/responsibilities',
    permission: P.GROUP_READ,
    createResource: 'customer-group-responsibilities',
    columns: [
      { key: 'processAreaId', label: 'Area' },
      { key: 'workerId', label: 'Worker' },
      { key: 'userGroupId', label: 'User group' },
    ],
  },
  {
    on: ['price-lists'],
    key: 'price-list-items',
    label: 'Items',
    listPath: '/api/price-lists/:id/items',
    permission: P.PRICING_READ,
    createResource: 'price-list-items',
    columns: [
      { key: 'productId', label: 'Product' },
      { key: 'price', label: 'Price' },
      { key: 'minQuantity', label: 'From quantity' },
    ],
  },
  {
    on: ['customers'],
    key: 'customer-groups',
    label: 'Groups',
    listPath: '/api/customers/:id/groups?all=true',
    permission: P.MEMBERSHIP_READ,
    createResource: 'customer-group-memberships',
    columns: [
      { key: 'group.name', label: 'Group' },
      { key: 'validFrom', label: 'From', type: 'date' },
      { key: 'validTo', label: 'Until', type: 'date' },
      { key: 'current', label: 'Now', type: 'boolean' },
    ],
  },
  {
    on: ['customers'],
    key: 'customer-individual-prices',
    label: 'Individual prices',
    listPath: '/api/customers/:id/individual-prices',
    permission: P.PRICE_READ,
    createResource: 'individual-prices',
    columns: [
      { key: 'productId', label: 'Product' },
      { key: 'price', label: 'Price' },
      { key: 'currency', label: 'Currency' },
      { key: 'minQuantity', label: 'From quantity' },
      { key: 'validFrom', label: 'From', type: 'date' },
      { key: 'validTo', label: 'Until', type: 'date' },
    ],
  },
  {
    on: ['customers'],
    key: 'customer-prices',
    label: 'Prices and why',
    listPath: '/api/customers/:id/prices',
    permission: P.PRICE_READ,
    columns: [
      { key: 'product.code', label: 'Product' },
      { key: 'product.name', label: 'Name' },
      { key: 'price', label: 'Price' },
      { key: 'currency', label: 'Currency' },
      { key: 'decidedBy.reason', label: 'Why' },
    ],
  },
  {
    on: ['customers'],
    key: 'customer-responsibility',
    label: 'Responsibility and why',
    listPath: '/api/customers/:id/responsibilities',
    permission: P.RESPONSIBILITY_READ,
    columns: [
      { key: 'area.name', label: 'Area' },
      { key: 'worker', label: 'Responsible' },
      { key: 'reason', label: 'Why' },
    ],
  },
];

/**
 * On the contacts plugin's customer list: a "Groups" column, the customer's groups today as
 * chips in their colours, and a filter by any of the chosen groups (`filter[group]`, repeated).
 */
export const customerGroupsAdminExtensions: AdminExtension[] = [
  {
    resource: 'customers',
    declaredBy: 'contacts',
    permission: P.GROUP_READ,
    listColumns: [{ key: 'groups', label: 'Groups', type: 'chips', colorField: 'colour' }],
    filters: [{ key: 'group', label: 'Group', type: 'reference', reference: 'customer-groups', multiple: true }],
  },
];
