import { ClientelePlugin } from '@clientele/core';
import { ContactsPlugin } from '@clientele/contacts';
import { KIND_CUSTOMER_GROUP } from './constants.js';
import { customerGroupsPermissions, customerGroupsRoles } from './permissions.js';
import { CUSTOMER_GROUP_EVENTS } from './events.js';
import { groupsSchema } from './migrations/0001-groups.js';
import { pricingSchema } from './migrations/0002-pricing.js';
import { responsibilitySchema } from './migrations/0003-responsibility.js';
import { ruleRankIndexSchema } from './migrations/0004-rule-rank-index.js';
import { membershipProbeSchema } from './migrations/0005-membership-probe.js';
import { purgeCascadesSchema } from './migrations/0006-purge-cascades.js';
import { productsByCodeSchema } from './migrations/0007-products-by-code.js';
import { coveringRankIndexSchema } from './migrations/0008-covering-rank-index.js';
import { CustomerGroup } from './entities/customer-group.entity.js';
import { Membership } from './entities/membership.entity.js';
import { Product } from './entities/product.entity.js';
import { PriceList, PriceListItem } from './entities/price-list.entity.js';
import { GroupPriceList } from './entities/group-price-list.entity.js';
import { IndividualPrice } from './entities/individual-price.entity.js';
import { Quote } from './entities/quote.entity.js';
import { ProcessArea, Responsibility } from './entities/responsibility.entity.js';
import { OperatorCalendar } from './calendar.js';
import {
  customerGroupsAdminExtensions,
  customerGroupsAdminResources,
  customerGroupsAdminTabs,
} from './admin/customer-groups.admin.js';
import { CustomerGroupsSettings } from './settings.js';
import { CustomerGroupsDemoData } from './demo-data.js';
import { CustomerGroupTerms } from './group-terms.js';
import { InvoicePrices } from './invoice-prices.js';
import { CustomerGroupsTabController, GroupsController, MembershipsController } from './groups/groups.controller.js';
import { GroupsService } from './groups/groups.service.js';
import { MembershipsService } from './groups/memberships.service.js';
import { SlaContracts } from './groups/sla-contracts.js';
import { CustomerListGroups } from './groups/customer-list.js';
import { BULK_MEMBERSHIP_QUEUE, BulkMemberships } from './groups/bulk-memberships.js';
import {
  CarriedPriceListsController,
  CustomerPricingController,
  GroupPriceListsController,
  IndividualPricesController,
  PriceListItemsController,
  PriceListsController,
  ProductsController,
} from './pricing/pricing.controllers.js';
import { CatalogueService } from './pricing/catalogue.service.js';
import { CustomerPricesService } from './pricing/customer-prices.service.js';
import { PriceRules } from './pricing/price-rules.js';
import { PricingService } from './pricing/pricing.service.js';
import {
  CustomerResponsibilityController,
  GroupResponsibilitiesController,
  ProcessAreasController,
  ResponsibilitiesController,
} from './responsibility/responsibility.controllers.js';
import { ResponsibilityService } from './responsibility/responsibility.service.js';

/**
 * Customer groups with effective-dated membership; price lists by group priority, individual
 * prices and the "why" of every price. The SLA contract of a group exists only while the
 * `sla` plugin is enabled (an optional dependency, asked through this plugin's port).
 */
@ClientelePlugin({
  id: 'customer-groups',
  version: '1.0.0',
  description:
    'Customer groups: effective-dated membership, price lists by group priority, individual prices, responsibility per process area — each decision explained',
  dependencies: ['contacts'],
  // A group's SLA contract is checked through the port the sla plugin provides (groups/sla-contracts.ts).
  optionalDependencies: ['sla'],
  // The contacts services this plugin uses (its service templates) come from its module.
  imports: [ContactsPlugin],
  entities: [
    CustomerGroup,
    Membership,
    Product,
    PriceList,
    PriceListItem,
    GroupPriceList,
    IndividualPrice,
    Quote,
    ProcessArea,
    Responsibility,
  ],
  migrations: [
    groupsSchema,
    pricingSchema,
    responsibilitySchema,
    ruleRankIndexSchema,
    membershipProbeSchema,
    purgeCascadesSchema,
    productsByCodeSchema,
    coveringRankIndexSchema,
  ],
  permissions: customerGroupsPermissions,
  roles: customerGroupsRoles,
  scopeKinds: [{ kind: KIND_CUSTOMER_GROUP, label: 'Customer group', parents: ['system'] }],
  controllers: [
    GroupsController,
    MembershipsController,
    CustomerGroupsTabController,
    ProductsController,
    PriceListsController,
    PriceListItemsController,
    GroupPriceListsController,
    CarriedPriceListsController,
    CustomerPricingController,
    IndividualPricesController,
    ProcessAreasController,
    GroupResponsibilitiesController,
    ResponsibilitiesController,
    CustomerResponsibilityController,
  ],
  providers: [
    OperatorCalendar,
    SlaContracts,
    CustomerListGroups,
    BulkMemberships,
    GroupsService,
    MembershipsService,
    PriceRules,
    CatalogueService,
    CustomerPricesService,
    PricingService,
    ResponsibilityService,
    CustomerGroupsDemoData,
  ],
  // The helpdesk and billing, which run with or without this plugin, ask through their ports.
  ports: [
    { port: 'helpdesk.customer-group-terms', useExisting: CustomerGroupTerms },
    { port: 'billing-groups.customer-prices', useExisting: InvoicePrices },
  ],
  adminResources: customerGroupsAdminResources,
  adminTabs: customerGroupsAdminTabs,
  adminExtensions: customerGroupsAdminExtensions,
  queues: [
    {
      name: BULK_MEMBERSHIP_QUEUE,
      description: 'Bulk add or remove of group members by the customer list filter',
      provider: BulkMemberships,
      method: 'run',
    },
  ],
  settings: { schema: CustomerGroupsSettings },
  events: { emits: CUSTOMER_GROUP_EVENTS },
  seeds: [{ provider: CustomerGroupsDemoData, method: 'seed' }],
})
export class CustomerGroupsPlugin {}
