import { ClientelePlugin, CsvBodyParser, CustomFieldDefinition, CustomFieldsService } from '@clientele/core';
import { KIND_ADDRESS_BOOK, KIND_CONSUMER, KIND_CUSTOMER, KIND_SERVICE } from './constants.js';
import { contactsPermissions, contactsRoles } from './permissions.js';
import { contactsSchema } from './migrations/0001-contacts.js';
import { searchSpeedSchema } from './migrations/0002-search-speed.js';
import { contactsAdminResources, contactsAdminTabs } from './admin/resources.js';
import { contactsTemplateVariables } from './template-variables/template-variables.js';
import { ContactsSettings } from './settings.js';
import { AddressBook } from './entities/address-book.entity.js';
import { Customer } from './entities/customer.entity.js';
import { Consumer } from './entities/consumer.entity.js';
import { Service } from './entities/service.entity.js';
import { ServicePeriod } from './entities/service-period.entity.js';
import { ServiceTemplate } from './entities/service-template.entity.js';
import { CustomerState } from './entities/customer-state.entity.js';
import { SupportParameter } from './entities/support-parameter.entity.js';
import { ContactPerson } from './entities/contact-person.entity.js';
import { CustomersController } from './customers/customers.controller.js';
import { AddressBooksController, ConsumersController, ServicesController } from './hierarchy/hierarchy.controllers.js';
import {
  CustomerStatesController,
  CustomerVariablesController,
  ServiceTemplatesController,
  SupportParametersController,
} from './catalog/catalog.controllers.js';
import { CustomerPeopleController, LandingController } from './people/people.controllers.js';
import { CustomersService } from './customers/customers.service.js';
import { CustomerSearch } from './search/customer-search.js';
import { CustomerListExtensions } from './search/customer-list-extensions.js';
import { CustomerView } from './customers/customer-view.js';
import { CustomerHistoryRules } from './customers/customer-history-rules.js';
import { CustomerNumbers } from './customers/customer-numbers.js';
import { CustomerSuspension } from './customers/customer-suspension.js';
import { CustomerSelections } from './search/customer-selections.js';
import { ContactsCatalog } from './catalog/catalog-lookups.js';
import { CatalogService } from './catalog/catalog-records.service.js';
import { ContactsHierarchy } from './hierarchy/contacts-hierarchy.js';
import { AddressBooksService } from './hierarchy/address-books.service.js';
import { ConsumersService } from './hierarchy/consumers.service.js';
import { ServicesService } from './hierarchy/customer-services.service.js';
import { CustomerPeopleService } from './people/customer-people.service.js';
import { LandingService } from './people/landing.service.js';
import { ContactsDemoData } from './demo-data.js';
import { CustomersPurged, contactsEvents } from './events.js';
import { customerImportsSchema } from './import/import.schema.js';
import { importDeferredIndexesSchema } from './migrations/0003-import-deferred-indexes.js';
import { nameGramsSchema } from './migrations/0004-name-grams.js';
import { nameWordsSchema } from './migrations/0005-name-words.js';
import { searchTermsPlpgsqlSchema } from './migrations/0006-search-terms-plpgsql.js';
import { importUploadsInCoreSchema } from './migrations/0102-import-uploads-in-core.js';
import { CustomerImportService } from './import/customer-import.service.js';
import { CustomerExportService } from './import/customer-export.service.js';
import { CustomerImportCommands, customerImportCommands } from './import/import.commands.js';
import { CustomerImportController } from './import/import.controller.js';
import { CustomerImportJob, customerImportQueue } from './import/import.job.js';
import { importUploadsSchema } from './import/import-uploads.schema.js';

@ClientelePlugin({
  id: 'contacts',
  version: '1.0.0',
  description: 'Address books, the customer card, consumers and services, customer users, search',
  entities: [
    AddressBook,
    Customer,
    Consumer,
    Service,
    ServicePeriod,
    ServiceTemplate,
    CustomerState,
    SupportParameter,
    ContactPerson,
    CustomFieldDefinition,
  ],
  migrations: [
    contactsSchema,
    searchSpeedSchema,
    importDeferredIndexesSchema,
    nameGramsSchema,
    nameWordsSchema,
    searchTermsPlpgsqlSchema,
    importUploadsSchema,
    customerImportsSchema,
    importUploadsInCoreSchema,
  ],
  permissions: contactsPermissions,
  roles: contactsRoles,
  scopeKinds: [
    { kind: KIND_ADDRESS_BOOK, label: 'Address book', parents: ['system'] },
    { kind: KIND_CUSTOMER, label: 'Customer', parents: [KIND_ADDRESS_BOOK] },
    { kind: KIND_CONSUMER, label: 'Consumer', parents: [KIND_CUSTOMER] },
    { kind: KIND_SERVICE, label: 'Service', parents: [KIND_CONSUMER] },
  ],
  controllers: [
    CustomerImportController,
    CustomersController,
    AddressBooksController,
    ConsumersController,
    ServicesController,
    ServiceTemplatesController,
    CustomerStatesController,
    SupportParametersController,
    CustomerVariablesController,
    CustomerPeopleController,
    LandingController,
  ],
  providers: [
    CustomersService,
    CustomerSearch,
    CustomerSelections,
    CustomerListExtensions,
    CustomerView,
    CustomerNumbers,
    CustomerSuspension,
    ContactsCatalog,
    CatalogService,
    ContactsHierarchy,
    AddressBooksService,
    ConsumersService,
    ServicesService,
    CustomerPeopleService,
    LandingService,
    CustomFieldsService,
    CustomerHistoryRules,
    CustomerImportService,
    CustomerExportService,
    CustomerImportCommands,
    CsvBodyParser,
    CustomerImportJob,
  ],
  queues: [customerImportQueue],
  commands: customerImportCommands,
  adminResources: contactsAdminResources,
  adminTabs: contactsAdminTabs,
  templateVariables: contactsTemplateVariables,
  settings: { schema: ContactsSettings },
  events: {
    emits: contactsEvents,
    handlers: [{ event: CustomersPurged, provider: CustomersService, method: 'onPurged' }],
  },
  seeds: [{ provider: ContactsDemoData, method: 'seed' }],
})
export class ContactsPlugin {}
