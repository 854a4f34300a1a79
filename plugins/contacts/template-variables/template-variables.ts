import type { TemplateVariableDefinition, TemplateVariableSource } from '@clientele/core';
import { ContactsTemplateValues } from './template-values.js';

/** The customer card, its custom variables (`customer.custom.<key>`), state and address book. */
const customerVariables: TemplateVariableDefinition[] = [
  {
    key: 'customer.number',
    label: 'Customer number',
    type: 'string',
    example: 'C-000123',
    description: 'Also the variable symbol on invoices',
  },
  { key: 'customer.name', label: 'Customer name', type: 'string', example: 'Jana Nováková' },
  {
    key: 'customer.legalForm',
    label: 'Legal form',
    type: 'string',
    example: 'company',
    description: 'person or company',
  },
  { key: 'customer.representative', label: 'Representative', type: 'string', example: 'Petr Svoboda' },
  { key: 'customer.street', label: 'Street', type: 'string', example: 'Dlouhá 12' },
  { key: 'customer.city', label: 'City', type: 'string', example: 'Praha' },
  { key: 'customer.postcode', label: 'Postcode', type: 'string', example: '110 00' },
  { key: 'customer.region', label: 'Region', type: 'string', example: 'Hlavní město Praha' },
  { key: 'customer.country', label: 'Country', type: 'string', example: 'CZ' },
  { key: 'customer.email', label: 'Main e-mail', type: 'string', example: 'jana@example.com' },
  {
    key: 'customer.invoiceEmail',
    label: 'Invoice e-mail',
    type: 'string',
    example: 'billing@example.com',
    description: 'Billing e-mail, else the main one',
  },
  { key: 'customer.technicalEmail', label: 'Technical e-mail', type: 'string', example: 'it@example.com' },
  { key: 'customer.businessEmail', label: 'Business e-mail', type: 'string', example: 'obchod@example.com' },
  { key: 'customer.phone', label: 'Phone', type: 'string', example: '+420221234567' },
  { key: 'customer.mobile', label: 'Mobile', type: 'string', example: '+420601234567' },
  { key: 'customer.web', label: 'Web', type: 'string', example: 'https://example.com' },
  { key: 'customer.iban', label: 'IBAN', type: 'string', example: 'CZ6508000000192000145399' },
  { key: 'customer.bic', label: 'BIC', type: 'string', example: 'GIBACZPX' },
  { key: 'customer.bankAccount', label: 'Bank account', type: 'string', example: '19-2000145399/0800' },
  {
    key: 'customer.taxIds',
    label: 'Tax IDs',
    type: 'list',
    example: [{ type: 'ico', value: '27074358' }],
    description: 'List of { type, value }',
  },
  { key: 'customer.state.code', label: 'State code', type: 'string', example: 'active' },
  { key: 'customer.state.name', label: 'State', type: 'string', example: 'Active' },
  { key: 'customer.addressBook.name', label: 'Address book', type: 'string', example: 'Praha' },
  {
    key: 'customer.custom.<key>',
    label: 'Custom variable',
    type: 'string',
    example: 'Gold',
    description: 'Any custom variable defined under Contacts settings, by its key',
  },
];

/** A service (in the customer context: the customer's active one, the oldest the caller may read). */
const serviceVariables: TemplateVariableDefinition[] = [
  { key: 'service.name', label: 'Service name', type: 'string', example: 'Internet 100' },
  {
    key: 'service.status',
    label: 'Service status',
    type: 'string',
    example: 'active',
    description: 'active, suspended or disconnected',
  },
  { key: 'service.template', label: 'Service template', type: 'string', example: 'Internet' },
  {
    key: 'service.settings.<key>',
    label: 'Service setting',
    type: 'string',
    example: 100,
    description: 'A setting of the service, by its key',
  },
];

const contactPersonVariables: TemplateVariableDefinition[] = [
  {
    key: 'contactPersons',
    label: 'Contact persons',
    type: 'list',
    example: [
      {
        id: '0190f0c8-4d7e-7a3c-9b1e-5f2a6c8d9e01',
        name: 'Eva Malá',
        position: 'Accountant',
        email: 'eva@example.com',
        phone: '+420221234568',
        mobile: null,
        isEmployee: true,
      },
    ],
    description: "The customer's contact persons, for those who may see the customer's people; else empty",
  },
];

export const contactsTemplateVariables: TemplateVariableSource[] = [
  {
    context: 'customer',
    variables: [...customerVariables, ...serviceVariables, ...contactPersonVariables],
    provider: ContactsTemplateValues,
    method: 'customer',
    manyMethod: 'manyCustomers',
  },
  {
    context: 'service',
    variables: [
      ...serviceVariables,
      { key: 'consumer.name', label: 'Consumer', type: 'string', example: 'Branch Brno' },
      ...customerVariables.map((v) => ({
        ...v,
        description: [v.description, 'Empty for those who may see the service but not its customer']
          .filter(Boolean)
          .join('. '),
      })),
      ...contactPersonVariables,
    ],
    provider: ContactsTemplateValues,
    method: 'service',
  },
];
