import type { TemplateVariableDefinition } from '@clientele/core';

/** Card fields the templates module may put into e-mails and SMS; custom variables come as `customer.custom.<key>`. */
export const contactsTemplateVariables: TemplateVariableDefinition[] = [
  { key: 'customer.number', label: 'Customer number', description: 'Also the variable symbol on invoices' },
  { key: 'customer.name', label: 'Customer name' },
  { key: 'customer.legalForm', label: 'Legal form' },
  { key: 'customer.representative', label: 'Representative' },
  { key: 'customer.street', label: 'Street' },
  { key: 'customer.city', label: 'City' },
  { key: 'customer.postcode', label: 'Postcode' },
  { key: 'customer.country', label: 'Country' },
  { key: 'customer.email', label: 'Main e-mail' },
  { key: 'customer.invoiceEmail', label: 'Invoice e-mail', description: 'Billing e-mail, else the main one' },
  { key: 'customer.phone', label: 'Phone' },
  { key: 'customer.mobile', label: 'Mobile' },
  { key: 'customer.web', label: 'Web' },
  { key: 'customer.iban', label: 'IBAN' },
  { key: 'customer.bankAccount', label: 'Bank account' },
  { key: 'customer.taxIds', label: 'Tax IDs', description: 'List of { type, value }' },
  { key: 'customer.state.name', label: 'State' },
  { key: 'customer.custom.<key>', label: 'Custom variable', description: 'Any custom variable defined under Contacts settings, by its key' },
  { key: 'service.name', label: 'Service name' },
  { key: 'service.status', label: 'Service status' },
  { key: 'service.settings.<key>', label: 'Service setting' },
];
